#include "core/server/http_server.h"

#include "tests/core/server/server_fixture.h"
#include "tests/support/eventually.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>


using namespace gw::server::testing;
using gw::testing::eventually;

TEST_SUITE("gw::server::HttpServer") {
  TEST_CASE("keeps the raw, still-encoded path and query (AWS_BEHAVIOUR.md fact 6)") {
    TestServer ts;
    RawConn c(ts.port);
    REQUIRE(c.ok());
    c.send_all("GET /local/user/test%2Balias@gmail.com/plus/a+b?x=%2B1&y=a+b HTTP/1.1\r\n"
               "Host: localhost\r\n\r\n");
    const std::string res = c.read_response();
    CHECK(status_of(res) == 200);
    CHECK(body_of(res) == "ok");
    const Request req = ts.last();
    CHECK(req.method == "GET");
    CHECK(req.path == "/local/user/test%2Balias@gmail.com/plus/a+b");
    CHECK(req.query == "x=%2B1&y=a+b");
    CHECK(req.source_ip == "127.0.0.1");
  }

  TEST_CASE("header names keep the client's casing; httplib's pseudo headers are dropped") {
    TestServer ts;
    RawConn c(ts.port);
    c.send_all("GET /h HTTP/1.1\r\nHost: x\r\ntEsT-HEADeR: one\r\nX-Multi: a\r\nX-Multi: b\r\n\r\n");
    CHECK(status_of(c.read_response()) == 200);
    const Request req = ts.last();
    CHECK(req.headers.get("test-header").value_or("") == "one");
    bool exact_case = false;
    for (const auto& [name, value] : req.headers) {
      exact_case = exact_case || name == "tEsT-HEADeR";
      CHECK(name != "REMOTE_ADDR");
      CHECK(name != "REMOTE_PORT");
    }
    CHECK(exact_case);
    const auto multi = req.headers.get_all("x-multi");
    REQUIRE(multi.size() == 2);
    CHECK(multi[0] == "a");
    CHECK(multi[1] == "b");
  }

  TEST_CASE("request body in, status, headers and body out; one log line per request") {
    TestServer ts([](const Request& req) {
      Response res;
      res.status = 201;
      res.headers.add("X-Echo-Len", std::to_string(req.body.size()));
      res.headers.add("Content-Type", "application/json");
      res.headers.add("Content-Length", "999");  // ignored: the server computes it
      res.body = R"({"got":")" + req.body + "\"}";
      return res;
    });
    RawConn c(ts.port);
    c.send_all("POST /pets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    const std::string res = c.read_response();
    CHECK(status_of(res) == 201);
    CHECK(res.find("X-Echo-Len: 5\r\n") != std::string::npos);
    CHECK(res.find("Content-Length: 15\r\n") != std::string::npos);
    CHECK(body_of(res) == R"({"got":"hello"})");
    CHECK(ts.last().body == "hello");
    // The log line is written after the answer: wait for it (bounded).
    REQUIRE(eventually([&] {
      std::lock_guard lock(ts.mu);
      return !ts.logs.empty();
    }));
    std::lock_guard lock(ts.mu);
    REQUIRE(ts.logs.size() == 1);
    CHECK(ts.logs[0].method == "POST");
    CHECK(ts.logs[0].path == "/pets");
    CHECK(ts.logs[0].status == 201);
    CHECK(ts.logs[0].request_id == "rid");
  }

  TEST_CASE("keep-alive: many requests on one connection") {
    TestServer ts;
    RawConn c(ts.port);
    for (int i = 0; i < 20; ++i) {
      c.send_all("GET /k/" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      const std::string res = c.read_response();
      REQUIRE(status_of(res) == 200);
      CHECK(res.find("Connection: close") == std::string::npos);
    }
    CHECK(ts.last().path == "/k/19");
  }

  TEST_CASE("DELETE, PUT, PATCH with bodies and HEAD reach the handler") {
    TestServer ts;
    RawConn c(ts.port);
    for (const std::string m : {"DELETE", "PUT", "PATCH"}) {
      c.send_all(m + " /m HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab");
      CHECK(status_of(c.read_response()) == 200);
      CHECK(ts.last().method == m);
      CHECK(ts.last().body == "ab");
    }
    c.send_all("OPTIONS /m HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(c.read_response()) == 200);
    CHECK(ts.last().method == "OPTIONS");
  }

  TEST_CASE("a GET body is never parsed as a second request (no request smuggling)") {
    TestServer ts;
    RawConn c(ts.port);
    c.send_all("GET /first HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\n\r\n"
               "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string res = c.read_response();
    CHECK(status_of(res) == 200);
    // The body is read as the body, by its length, and the connection stays in step.
    c.send_all("GET /second HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(c.read_response()) == 200);
    std::lock_guard lock(ts.mu);
    REQUIRE(ts.requests.size() == 2);
    CHECK(ts.requests[0].path == "/first");
    CHECK(ts.requests[0].body == "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(ts.requests[1].path == "/second");
  }

  TEST_CASE("a Range header does not slice the gateway's body") {
    TestServer ts;
    RawConn c(ts.port);
    c.send_all("GET /r HTTP/1.1\r\nHost: x\r\nRange: bytes=0-0\r\n\r\n");
    const std::string res = c.read_response();
    CHECK(status_of(res) == 200);
    CHECK(body_of(res) == "ok");
  }

  TEST_CASE("garbage on the socket gives 400 and the server keeps serving") {
    TestServer ts;
    {
      RawConn c(ts.port);
      c.send_all(std::string("\x01\x02\xff garbage \x00 here\r\n\r\n", 21));
      const std::string res = c.read_response();
      CHECK(status_of(res) == 400);
      CHECK(body_of(res) == R"({"message":"Bad Request"})");
    }
    {
      RawConn c(ts.port);
      c.send_all("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
      CHECK(status_of(c.read_response()) == 400);
    }
    RawConn c(ts.port);
    c.send_all("GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(c.read_response()) == 200);
    CHECK(ts.last().path == "/after");
  }

  TEST_CASE("header values over 10 240 bytes: 431 with API Gateway's message (fact 67)") {
    TestServer ts;
    {
      RawConn c(ts.port);
      c.send_all("GET /big HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                 "\r\n\r\n");
      const std::string res = c.read_response();
      CHECK(status_of(res) == 431);
      CHECK(body_of(res) == R"({"message":"HTTP header is larger than 10240 bytes."})");
    }
    {
      RawConn c(ts.port);  // exactly at the limit: served (1 byte of Host + 10 239 bytes)
      c.send_all("GET /edge HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10239, 'a') +
                 "\r\n\r\n");
      CHECK(status_of(c.read_response()) == 200);
    }
    {
      RawConn c(ts.port);  // a header block beyond the parser's bound is refused unread
      c.send_all("GET /huge HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'a') +
                 "\r\n\r\n");
      CHECK(status_of(c.read_response()) == 431);
    }
    RawConn c(ts.port);
    c.send_all("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(c.read_response()) == 200);
  }

  TEST_CASE("a gateway error response is passed through untouched") {
    TestServer ts([](const Request&) {
      Response res;
      res.status = 403;
      res.headers.add("x-amzn-ErrorType", "MissingAuthenticationTokenException");
      res.body = R"({"message":"Missing Authentication Token"})";
      return res;
    });
    RawConn c(ts.port);
    c.send_all("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string res = c.read_response();
    CHECK(status_of(res) == 403);
    CHECK(body_of(res) == R"({"message":"Missing Authentication Token"})");
  }

  TEST_CASE("binding a port in use is an Environment error") {
    TestServer ts;
    HttpServer second([](const Request&, RequestLog*) { return Response{}; },
                      ServerOptions{"127.0.0.1", ts.port, 1}, {});
    auto bound = second.bind();
    REQUIRE(!bound.has_value());
    CHECK(bound.error().kind == gw::ErrorKind::Environment);
    CHECK(bound.error().message == "port " + std::to_string(ts.port) + " is in use");
  }

  TEST_CASE("stop() right after bind() is not lost") {
    HttpServer s([](const Request&, RequestLog*) { return Response{}; },
                 ServerOptions{"127.0.0.1", 0, 1}, {});
    REQUIRE(s.bind().has_value());
    s.stop();
    s.run();  // returns instead of blocking
    CHECK(gw::server::resolve_thread_count(0) >= 64);  // wrk -c50 and friends all get served
    CHECK(gw::server::resolve_thread_count(3) == 3);
  }

  TEST_CASE("stop() ends idle keep-alive connections instead of waiting out their timeout") {
    HttpServer s([](const Request&, RequestLog*) { return Response{}; },
                 ServerOptions{"127.0.0.1", 0, 2}, {});
    auto port = s.bind();
    REQUIRE(port.has_value());
    std::thread runner([&s] { s.run(); });
    RawConn c(*port);
    c.send_all("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(status_of(c.read_response()) == 200);
    s.stop();
    // The keep-alive timeout is 5 s; stop() must not wait for it (it takes milliseconds).
    CHECK(c.closed_by_peer(3));
    runner.join();
  }

  TEST_CASE("stop() lets a request in flight finish its response") {
    std::mutex mu;
    std::condition_variable cv;
    bool entered = false;
    bool release = false;
    HttpServer s(
        [&](const Request&, RequestLog*) {
          std::unique_lock lock(mu);
          entered = true;
          cv.notify_all();
          cv.wait(lock, [&] { return release; });
          Response res;
          res.body = "finished";
          return res;
        },
        ServerOptions{"127.0.0.1", 0, 2}, {});
    auto port = s.bind();
    REQUIRE(port.has_value());
    std::thread runner([&s] { s.run(); });
    RawConn c(*port);
    c.send_all("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return entered; });
    }
    s.stop();
    {
      std::lock_guard lock(mu);
      release = true;
      cv.notify_all();
    }
    const std::string res = c.read_response();
    CHECK(status_of(res) == 200);
    CHECK(body_of(res) == "finished");
    runner.join();
  }

  TEST_CASE("handlers that block run on the pool: more of them than I/O threads stall nobody") {
    // Regression: `co_await post(pool, use_awaitable)` resumed the coroutine on its own strand,
    // so every "pool" handler really ran on an I/O thread.
    std::mutex mu;
    std::condition_variable cv;
    int blocked = 0;
    bool release = false;
    ServerOptions options{"127.0.0.1", 0, 8};
    options.io_threads = 2;
    HttpServer s(
        [&](const Request& req, RequestLog*) {
          if (req.path == "/block") {
            std::unique_lock lock(mu);
            ++blocked;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
          }
          Response res;
          res.body = req.path;
          return res;
        },
        options, {});
    auto port = s.bind();
    REQUIRE(port.has_value());
    std::thread runner([&s] { s.run(); });
    std::vector<std::unique_ptr<RawConn>> slow;
    for (int i = 0; i < 4; ++i) {  // twice the I/O threads
      slow.push_back(std::make_unique<RawConn>(*port));
      slow.back()->send_all("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    {
      std::unique_lock lock(mu);
      CHECK(cv.wait_for(lock, std::chrono::seconds(10), [&] { return blocked == 4; }));
    }
    RawConn fast(*port);
    fast.send_all("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string res = fast.read_response();  // bounded: RawConn's 10 s receive timeout
    CHECK(body_of(res) == "/fast");
    {
      std::lock_guard lock(mu);
      release = true;
      cv.notify_all();
    }
    for (auto& c : slow) {
      CHECK(body_of(c->read_response()) == "/block");
    }
    s.stop();
    runner.join();
  }
}
