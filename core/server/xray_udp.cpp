#include "core/server/xray_udp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace gw::server {

namespace {

struct Target {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

// The UDP part of "udp:host:port tcp:host:port", or the text itself.
std::string_view udp_part(std::string_view address) {
  const size_t udp = address.find("udp:");
  if (udp == std::string_view::npos) {
    return address;
  }
  std::string_view rest = address.substr(udp + 4);
  return rest.substr(0, rest.find(' '));
}

// A loopback host:port ("127.0.0.1:2000", "localhost:2000", "[::1]:2000").
Result<Target> loopback_target(std::string_view text) {
  const size_t colon = text.rfind(':');
  auto bad = [&](std::string_view why) -> std::unexpected<Error> {
    return fail(ErrorKind::BadInput,
                "AWS_XRAY_DAEMON_ADDRESS '" + std::string(text) + "': " + std::string(why), {},
                "give a loopback address and port, such as 127.0.0.1:2000");
  };
  if (colon == std::string_view::npos || colon == 0) {
    return bad("expected host:port");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    return bad("the port is not a number from 1 to 65535");
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  Target t;
  const std::string h = host == "localhost" ? std::string("127.0.0.1") : std::string(host);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&t.addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&t.addr);
  if (inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
    if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127) {
      return bad("gw sends X-Ray segments to a loopback address only");
    }
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    t.len = sizeof(sockaddr_in);
    return t;
  }
  if (inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
    if (std::memcmp(&v6->sin6_addr, &in6addr_loopback, sizeof(in6_addr)) != 0) {
      return bad("gw sends X-Ray segments to a loopback address only");
    }
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    t.len = sizeof(sockaddr_in6);
    return t;
  }
  return bad("gw sends X-Ray segments to a loopback address only (an IP address or localhost)");
}

}  // namespace

Result<std::unique_ptr<UdpSegmentSink>> UdpSegmentSink::open(std::string_view address) {
  auto target = loopback_target(udp_part(address));
  GW_TRY(target);
  const int fd = ::socket(target->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return fail(ErrorKind::Environment,
                std::string("cannot open a UDP socket: ") + std::strerror(errno));
  }
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&target->addr), target->len) != 0) {
    const int err = errno;
    ::close(fd);
    return fail(ErrorKind::Environment, "cannot address the X-Ray daemon at " +
                                            std::string(address) + ": " + std::strerror(err));
  }
  return std::unique_ptr<UdpSegmentSink>(new UdpSegmentSink(fd, std::string(udp_part(address))));
}

UdpSegmentSink::~UdpSegmentSink() { ::close(fd_); }

void UdpSegmentSink::send(std::string_view datagram) {
  // A refused earlier datagram (nobody listening) surfaces here as ECONNREFUSED: ignored.
  (void)::send(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace gw::server
