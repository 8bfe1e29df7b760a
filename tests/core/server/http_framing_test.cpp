// HTTP/1.1 framing as the server reads it: RFC 9112 (message framing), API Gateway's limits
// (AWS_BEHAVIOUR.md fact 67), timeouts, pipelining, and connections that never finish.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/server/http_server.h"
#include "tests/core/server/server_fixture.h"
#include "tests/support/eventually.h"

using namespace gw::server::testing;
using gw::testing::eventually;

namespace {

ServerOptions fast_timeouts() {
  ServerOptions o{"127.0.0.1", 0, 4};
  o.header_timeout = std::chrono::milliseconds(300);
  o.idle_timeout = std::chrono::milliseconds(300);
  o.body_timeout = std::chrono::milliseconds(300);
  return o;
}

// A 413 from the handler stands in for the gateway's REQUEST_TOO_LARGE answer.
Response echo_or_413(const Request& req) {
  Response res;
  if (req.body_too_large) {
    res.status = 413;
    res.body = R"({"message":"Request Too Long"})";
    return res;
  }
  res.body = req.method + " " + req.path + " [" + req.body + "]";
  return res;
}

}  // namespace

TEST_SUITE("gw::server::framing") {
  TEST_CASE("pipelined requests are all answered, in order, on one connection") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
               "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
               "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(body_of(c.read_response()) == "GET /a []");
    CHECK(body_of(c.read_response()) == "POST /b [abc]");
    CHECK(body_of(c.read_response()) == "GET /c []");
  }

  TEST_CASE("Content-Length with Transfer-Encoding is refused and the connection closed") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
               "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
    CHECK(status_of(c.read_response()) == 400);
    CHECK(c.closed_by_peer(5));
    CHECK(ts.requests.empty());  // nothing reached the gateway
  }

  TEST_CASE("conflicting or non-numeric Content-Length: 400 and close") {
    for (const char* lengths : {"Content-Length: 3\r\nContent-Length: 4\r\n",
                                "Content-Length: abc\r\n", "Content-Length: -1\r\n",
                                "Content-Length: 3, 4\r\n"}) {
      CAPTURE(lengths);
      TestServer ts(echo_or_413);
      RawConn c(ts.port);
      c.send_all(std::string("POST /x HTTP/1.1\r\nHost: x\r\n") + lengths + "\r\nabcd");
      CHECK(status_of(c.read_response()) == 400);
      CHECK(c.closed_by_peer(5));
    }
  }

  TEST_CASE("framing errors reach the access log") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n");
    CHECK(status_of(c.read_response()) == 400);
    REQUIRE(eventually([&] {
      std::lock_guard lock(ts.mu);
      return !ts.logs.empty();
    }));
    std::lock_guard lock(ts.mu);
    CHECK(ts.logs[0].status == 400);
    CHECK(ts.logs[0].method == "POST");
  }

  TEST_CASE("a POST with neither a length nor chunking has an empty body, answered at once") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /nolen HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(body_of(c.read_response()) == "POST /nolen []");
  }

  TEST_CASE("chunked bodies are read whole") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /ch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    CHECK(body_of(c.read_response()) == "POST /ch [abcde]");
  }

  TEST_CASE("a declared body over 10 MB is answered 413 before it is sent") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 10485761\r\n\r\n");
    const std::string res = c.read_response();  // no body byte was sent
    CHECK(status_of(res) == 413);
    CHECK(body_of(res) == R"({"message":"Request Too Long"})");
    CHECK(c.closed_by_peer(5));
    CHECK(ts.last().body_too_large);
  }

  TEST_CASE("a chunked body growing past 10 MB is cut off with 413") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk(1 << 20, 'a');
    char size[32];
    std::snprintf(size, sizeof(size), "%zx\r\n", chunk.size());
    for (int i = 0; i < 11; ++i) {
      c.send_all(size + chunk + "\r\n");
    }
    CHECK(status_of(c.read_response()) == 413);
  }

  TEST_CASE("a body of exactly 10 MB is handed on") {
    TestServer ts([](const Request& req) {
      Response res;
      res.body = std::to_string(req.body.size());
      return res;
    });
    RawConn c(ts.port);
    c.send_all("POST /ten HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n" +
               std::string(10485760, 'b'));
    CHECK(body_of(c.read_response()) == "10485760");
  }

  TEST_CASE("Expect: 100-continue gets its interim answer before the body is sent") {
    TestServer ts(echo_or_413);
    RawConn c(ts.port);
    c.send_all("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    const std::string interim = c.read_response();
    CHECK(status_of(interim) == 100);
    c.send_all("hi");
    CHECK(body_of(c.read_response()) == "POST /e [hi]");
  }

  TEST_CASE("HEAD answers carry the length without the body") {
    TestServer ts;
    RawConn c(ts.port);
    c.send_all("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string head = c.read_head();
    CHECK(head.find("Content-Length: 2\r\n") != std::string::npos);
    CHECK(body_of(c.read_response()) == "ok");  // the next answer starts right after
  }

  TEST_CASE("a header that never finishes is closed after the header timeout (slowloris)") {
    TestServer ts(echo_or_413, fast_timeouts());
    RawConn c(ts.port);
    c.send_all("GET /slow HTTP/1.1\r\nHost: x\r\n");
    CHECK(c.closed_by_peer(5));
  }

  TEST_CASE("an idle keep-alive connection is closed after the idle timeout") {
    TestServer ts(echo_or_413, fast_timeouts());
    RawConn c(ts.port);
    c.send_all("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(status_of(c.read_response()) == 200);
    CHECK(c.closed_by_peer(5));
  }

  TEST_CASE("1000 idle and 100 slowloris connections do not delay a new client") {
    TestServer ts(echo_or_413);
    std::vector<std::unique_ptr<RawConn>> held;
    for (int i = 0; i < 1100; ++i) {
      held.push_back(std::make_unique<RawConn>(ts.port));
      REQUIRE(held.back()->ok());
      if (i >= 1000) {
        held.back()->send_all("GET /slow HTTP/1.1\r\nHost: x\r\nX-A: ");  // never finished
      }
    }
    REQUIRE(eventually([&] { return ts.server.connection_count() >= 1100; }));
    RawConn fresh(ts.port);
    const auto start = std::chrono::steady_clock::now();
    fresh.send_all("GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(body_of(fresh.read_response()) == "GET /fresh []");
    // Bounded, not timed to luck: a thread-per-connection server never answers here at all.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  }

  TEST_CASE("requests the predicate calls non-blocking run on the I/O threads") {
    std::atomic<int> inline_calls{0};
    TestServer ts([&](const Request& req) {
      Response res;
      res.body = req.path;
      return res;
    });
    ts.server.set_blocking_predicate([&](const Request& req) {
      const bool blocks = req.path != "/fast";
      inline_calls += blocks ? 0 : 1;
      return blocks;
    });
    RawConn c(ts.port);
    c.send_all("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /pool HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(body_of(c.read_response()) == "/fast");
    CHECK(body_of(c.read_response()) == "/pool");
    CHECK(inline_calls == 1);
  }
}
