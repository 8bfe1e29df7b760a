#include "core/server/websocket.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/server/http_server.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using gw::server::HttpServer;
using gw::server::WebSocketHandler;
using gw::server::WebSocketPeerPtr;

// A server whose WebSocket handler echoes, refuses upgrades carrying X-Deny, and records
// what happened.
struct WsServer {
  std::mutex mu;
  std::vector<std::string> connected_paths;
  std::vector<int> close_codes;
  WebSocketPeerPtr last_peer;
  HttpServer server{[](const gw::Request&, gw::RequestLog*) { return gw::Response{}; },
                    gw::server::ServerOptions{"127.0.0.1", 0, 4},
                    {}};
  int port = 0;
  std::thread thread;

  WsServer() {
    WebSocketHandler h;
    h.on_connect = [this](const gw::Request& req,
                          const WebSocketPeerPtr& peer) -> std::optional<gw::Response> {
      if (req.headers.has("X-Deny")) {
        gw::Response no;
        no.status = 403;
        no.body = R"({"message":"Forbidden"})";
        return no;
      }
      if (req.path == "/welcome") {
        peer->send("welcome");  // before the handshake is done: held until it is
      }
      std::lock_guard lock(mu);
      connected_paths.push_back(req.path + "?" + req.query);
      last_peer = peer;
      return std::nullopt;
    };
    h.on_message = [](const WebSocketPeerPtr& peer, const std::string& message, bool binary) {
      peer->send((binary ? "binary: " : "echo: ") + message, binary);
    };
    h.on_disconnect = [this](const WebSocketPeerPtr&, int code) {
      std::lock_guard lock(mu);
      close_codes.push_back(code);
    };
    server.set_websocket_handler(std::move(h));
    auto bound = server.bind();
    REQUIRE(bound.has_value());
    port = *bound;
    thread = std::thread([this] { server.run(); });
  }
  ~WsServer() {
    server.stop();
    thread.join();
  }
  // Polls (bounded, 5 s) until a disconnect was seen; its code, or -1.
  int wait_close_code() {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu);
        if (!close_codes.empty()) {
          return close_codes.back();
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }
};

struct Client {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::error_code connect(int port, const std::string& target, bool deny = false,
                            websocket::response_type* response = nullptr) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    ws.next_layer().connect(ep);
    ws.set_option(websocket::stream_base::decorator([deny](websocket::request_type& req) {
      if (deny) {
        req.set("X-Deny", "1");
      }
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws.handshake(res, "localhost", target, ec);
    if (response != nullptr) {
      *response = res;
    }
    return ec;
  }
  std::string read(beast::error_code& ec) {
    beast::flat_buffer buffer;
    ws.read(buffer, ec);
    return beast::buffers_to_string(buffer.data());
  }
};

}  // namespace

TEST_SUITE("gw::server WebSocket") {
  TEST_CASE("an accepted upgrade carries messages both ways, in order") {
    WsServer s;
    Client c;
    REQUIRE_FALSE(c.connect(s.port, "/chat?room=1"));
    {
      std::lock_guard lock(s.mu);
      REQUIRE(s.connected_paths.size() == 1);
      CHECK(s.connected_paths[0] == "/chat?room=1");
    }
    beast::error_code ec;
    for (const std::string m : {"one", "two", "three"}) {
      c.ws.text(true);
      c.ws.write(asio::buffer(m));
    }
    CHECK(c.read(ec) == "echo: one");
    CHECK(c.read(ec) == "echo: two");
    CHECK(c.read(ec) == "echo: three");
    c.ws.binary(true);
    c.ws.write(asio::buffer(std::string("\x01\x02", 2)));
    CHECK(c.read(ec) == std::string("binary: \x01\x02", 10));
    CHECK_FALSE(c.ws.got_text());
    c.ws.close(websocket::close_code::normal);
    CHECK(s.wait_close_code() == 1000);
  }

  TEST_CASE("a message sent during on_connect arrives first, framed as the server's") {
    WsServer s;
    Client c;
    REQUIRE_FALSE(c.connect(s.port, "/welcome"));
    beast::error_code ec;
    CHECK(c.read(ec) == "welcome");
    CHECK_FALSE(ec);
    c.ws.text(true);
    c.ws.write(asio::buffer(std::string("hi")));
    CHECK(c.read(ec) == "echo: hi");
  }

  TEST_CASE("on_connect refuses with an HTTP answer; the handshake fails with its status") {
    WsServer s;
    Client c;
    websocket::response_type res;
    const beast::error_code ec = c.connect(s.port, "/chat", true, &res);
    CHECK(ec == websocket::error::upgrade_declined);
    CHECK(res.result_int() == 403);
    CHECK(res.body() == R"({"message":"Forbidden"})");
  }

  TEST_CASE("the server pushes from another thread and closes with its own code") {
    WsServer s;
    Client c;
    REQUIRE_FALSE(c.connect(s.port, "/push"));
    WebSocketPeerPtr peer;
    {
      std::lock_guard lock(s.mu);
      peer = s.last_peer;
    }
    REQUIRE(peer);
    std::thread([peer] {
      CHECK(peer->send("pushed"));
      peer->close(4001, "bye");
      CHECK_FALSE(peer->send("too late"));
    }).join();
    beast::error_code ec;
    const std::string first = c.read(ec);
    const std::string why = ec.message();
    CAPTURE(why);
    CHECK(first == "pushed");
    c.read(ec);
    CHECK(ec == websocket::error::closed);
    CHECK(c.ws.reason().code == 4001);
    CHECK(std::string(c.ws.reason().reason.c_str()) == "bye");
    CHECK(s.wait_close_code() == 4001);
  }

  TEST_CASE("a message over API Gateway's 128 KB is refused with 1009") {
    WsServer s;
    Client c;
    REQUIRE_FALSE(c.connect(s.port, "/big"));
    c.ws.auto_fragment(true);
    c.ws.write_buffer_bytes(32 * 1024);  // frames of 32 KB, as API Gateway's limit
    beast::error_code ec;
    c.ws.write(asio::buffer(std::string(100 * 1024, 'a')), ec);  // reassembled: fine
    CHECK(c.read(ec).size() == 6 + 100 * 1024);
    c.ws.write(asio::buffer(std::string(129 * 1024, 'a')), ec);
    c.read(ec);
    CHECK(ec == websocket::error::closed);
    CHECK(c.ws.reason().code == websocket::close_code::too_big);
  }

  TEST_CASE("without a handler an upgrade request is an ordinary request") {
    std::mutex mu;
    std::vector<std::string> seen;
    HttpServer server(
        [&](const gw::Request& req, gw::RequestLog*) {
          std::lock_guard lock(mu);
          seen.push_back(req.path);
          gw::Response r;
          r.status = 426;
          return r;
        },
        gw::server::ServerOptions{"127.0.0.1", 0, 2}, {});
    auto port = server.bind();
    REQUIRE(port.has_value());
    std::thread t([&] { server.run(); });
    Client c;
    websocket::response_type res;
    CHECK(c.connect(*port, "/plain", false, &res) == websocket::error::upgrade_declined);
    CHECK(res.result_int() == 426);
    server.stop();
    t.join();
    std::lock_guard lock(mu);
    CHECK(seen == std::vector<std::string>{"/plain"});
  }
}
