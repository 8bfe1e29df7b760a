// The X-Ray daemon address (AWS_XRAY_DAEMON_ADDRESS: "host:port", or the SDKs'
// "udp:host:port tcp:host:port"; AWS X-Ray Developer Guide, "Sending segment documents to the
// X-Ray daemon") and the datagrams sent to it. Loopback only.

#include "core/server/xray_udp.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace gw::server {
namespace {

// A UDP socket on 127.0.0.1 and a free port: a daemon that only listens.
struct Listener {
  Listener() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // One datagram, waiting at most 5 s.
  std::string receive() const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) {
      return {};
    }
    char buf[65536];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }

  int fd = -1;
  int port = 0;
};

TEST_SUITE("gw::server::UdpSegmentSink") {
  TEST_CASE("a datagram reaches the daemon's port") {
    Listener daemon;
    auto sink = UdpSegmentSink::open("127.0.0.1:" + std::to_string(daemon.port));
    REQUIRE(sink.has_value());
    (*sink)->send("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\"}");
    CHECK(daemon.receive() == "{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\"}");
  }

  TEST_CASE("the SDKs' udp:/tcp: form and localhost are read") {
    Listener daemon;
    const std::string port = std::to_string(daemon.port);
    auto sink = UdpSegmentSink::open("tcp:127.0.0.1:2000 udp:localhost:" + port);
    REQUIRE(sink.has_value());
    CHECK((*sink)->address() == "localhost:" + port);
    (*sink)->send("x");
    CHECK(daemon.receive() == "x");
  }

  TEST_CASE("nothing but a loopback host:port is accepted") {
    for (const char* bad :
         {"10.1.2.3:2000", "192.168.0.1:2000", "example.com:2000", "127.0.0.1", "127.0.0.1:0",
          "127.0.0.1:70000", ":2000", "127.0.0.1:20x0", "[2001:db8::1]:2000"}) {
      CAPTURE(bad);
      auto sink = UdpSegmentSink::open(bad);
      REQUIRE_FALSE(sink.has_value());
      CHECK(sink.error().kind == ErrorKind::BadInput);
      CHECK(sink.error().message.find("AWS_XRAY_DAEMON_ADDRESS") != std::string::npos);
    }
  }

  TEST_CASE("sending with nobody listening is silent") {
    int port = 0;
    {
      Listener gone;
      port = gone.port;
    }
    auto sink = UdpSegmentSink::open("127.0.0.1:" + std::to_string(port));
    REQUIRE(sink.has_value());
    (*sink)->send("lost");
    (*sink)->send("lost again");  // an ECONNREFUSED from the first is ignored
  }
}

}  // namespace
}  // namespace gw::server
