// The real HttpClient against a loopback cpp-httplib server (127.0.0.1, port 0).
#include <httplib.h>

#include <doctest/doctest.h>

#include <thread>

#include "core/integrations/httplib_client.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;

namespace {

// A loopback server on an ephemeral port, stopped and joined on scope exit.
class LoopbackServer {
 public:
  LoopbackServer() {
    server_.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 202;
      res.set_header("X-Seen-Custom", req.get_header_value("X-Custom"));
      res.set_header("X-Seen-Query", req.get_param_value("q"));
      res.set_content("hello", "text/plain");
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "application/json");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      res.set_content("late", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // The socket already listens: connections queue until the accept loop starts.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

HttpCall call(std::string method, std::string url) {
  HttpCall c;
  c.method = std::move(method);
  c.url = std::move(url);
  c.timeout = std::chrono::milliseconds(5000);
  return c;
}

}  // namespace

TEST_SUITE("gw::integrations::HttplibClient") {
  TEST_CASE("sends method, path, query, headers and body; reuses connections") {
    LoopbackServer server;
    REQUIRE(server.port() > 0);
    integrations::HttplibClient client;
    std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    for (int i = 0; i < 3; ++i) {
      HttpCall c = call("GET", base + "/echo?q=a%20b");
      c.headers.add("X-Custom", "c1");
      Result<Response> r = client.send(c);
      REQUIRE(r.has_value());
      CHECK(r->status == 202);
      CHECK(r->body == "hello");
      CHECK(r->headers.get("X-Seen-Custom") == "c1");
      CHECK(r->headers.get("X-Seen-Query") == "a b");
    }
    HttpCall post = call("POST", base + "/echo");
    post.body = R"({"a":1})";
    post.headers.add("Content-Type", "application/json");
    Result<Response> r = client.send(post);
    REQUIRE(r.has_value());
    CHECK(r->body == R"({"a":1})");
  }

  TEST_CASE("a read timeout is ErrorKind::Timeout; a closed port is ErrorKind::Failure") {
    int closed_port = 0;
    {
      LoopbackServer server;
      integrations::HttplibClient client;
      HttpCall c = call("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/slow");
      c.timeout = std::chrono::milliseconds(100);
      Result<Response> r = client.send(c);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().kind == ErrorKind::Timeout);
      closed_port = server.port();
    }
    integrations::HttplibClient client;
    Result<Response> r =
        client.send(call("GET", "http://127.0.0.1:" + std::to_string(closed_port) + "/echo"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::Failure);
  }

  TEST_CASE("end to end: an http_proxy API through the Gateway to a loopback backend") {
    LoopbackServer server;
    integrations::HttplibClient client;
    model::Integration i;
    i.type = model::IntegrationType::HttpProxy;
    i.uri = "http://127.0.0.1:" + std::to_string(server.port()) + "/{proxy}";
    i.http_method = "ANY";
    model::Api api = testing::rest_api({testing::operation("ANY", "/{proxy+}", i)});
    FakeClock clock;
    SeededRandom random(1);
    Gateway gateway(std::make_shared<const model::Api>(api), GatewayDeps{&clock, &random, &client});
    Request req = testing::request("GET", "/local/echo", "q=z+y");
    req.headers.add("X-Custom", "via-gw");
    Response r = gateway.handle(req);
    CHECK(r.status == 202);
    CHECK(r.body == "hello");
    CHECK(r.headers.get("X-Seen-Custom") == "via-gw");
    CHECK(r.headers.get("X-Seen-Query") == "z y");  // '+' reaches the backend unchanged
    CHECK(r.headers.has("x-amzn-Remapped-Content-Length"));
  }
}
