#include "core/lambda/runtime_http.h"

#include <doctest/doctest.h>

using gw::lambda::format_response;
using gw::lambda::parse_request;
using gw::lambda::ParseStatus;
using gw::lambda::RuntimeRequest;

namespace {
constexpr size_t kMax = 1024;
}

TEST_SUITE("gw::lambda::runtime_http") {
  TEST_CASE("a GET, then a pipelined POST with a Content-Length body") {
    std::string buf =
        "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n"
        "POST /2018-06-01/runtime/invocation/ab/response HTTP/1.1\r\nContent-Length: 7\r\n"
        "Lambda-Runtime-Function-Error-Type: Unhandled\r\n\r\n{\"a\":1}";
    RuntimeRequest req;
    REQUIRE(parse_request(buf, req, kMax).status == ParseStatus::Done);
    CHECK(req.method == "GET");
    CHECK(req.target == "/2018-06-01/runtime/invocation/next");
    CHECK(req.body.empty());
    CHECK(req.keep_alive);
    REQUIRE(parse_request(buf, req, kMax).status == ParseStatus::Done);
    CHECK(req.method == "POST");
    CHECK(req.body == "{\"a\":1}");
    CHECK(req.header("lambda-runtime-function-error-type") == "Unhandled");
    CHECK(buf.empty());
  }
  TEST_CASE("partial requests wait for more bytes and consume nothing") {
    RuntimeRequest req;
    std::string head = "POST /x HTTP/1.1\r\nContent-Length: 4\r\n";
    CHECK(parse_request(head, req, kMax).status == ParseStatus::NeedMore);
    std::string body = head + "\r\nab";
    CHECK(parse_request(body, req, kMax).status == ParseStatus::NeedMore);
    CHECK(body.size() == head.size() + 4);
    body += "cd";
    REQUIRE(parse_request(body, req, kMax).status == ParseStatus::Done);
    CHECK(req.body == "abcd");
  }
  TEST_CASE("chunked bodies, with extensions and trailers") {
    std::string buf =
        "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\nGET /y HTTP/1.1\r\n\r\n";
    RuntimeRequest req;
    REQUIRE(parse_request(buf, req, kMax).status == ParseStatus::Done);
    CHECK(req.body == "abcde");
    REQUIRE(parse_request(buf, req, kMax).status == ParseStatus::Done);
    CHECK(req.target == "/y");
    std::string cut = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab";
    CHECK(parse_request(cut, req, kMax).status == ParseStatus::NeedMore);
  }
  TEST_CASE("Connection: close and HTTP/1.0 end the connection after the answer") {
    RuntimeRequest req;
    std::string close = "GET / HTTP/1.1\r\nConnection: Close\r\n\r\n";
    REQUIRE(parse_request(close, req, kMax).status == ParseStatus::Done);
    CHECK_FALSE(req.keep_alive);
    std::string old = "GET / HTTP/1.0\r\n\r\n";
    REQUIRE(parse_request(old, req, kMax).status == ParseStatus::Done);
    CHECK_FALSE(req.keep_alive);
    std::string old_kept = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    REQUIRE(parse_request(old_kept, req, kMax).status == ParseStatus::Done);
    CHECK(req.keep_alive);
  }
  TEST_CASE("bad requests: malformed, too large, unknown encodings") {
    RuntimeRequest req;
    auto status_of = [&](std::string buf, size_t max = kMax) {
      auto r = parse_request(buf, req, max);
      return r.status == ParseStatus::Bad ? r.http_status : 0;
    };
    CHECK(status_of("GARBAGE\r\n\r\n") == 400);
    CHECK(status_of("GET / SPDY/3\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nno colon\r\n\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 2048\r\n\r\n") == 413);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == 501);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n801\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nX: " + std::string(70 * 1024, 'a')) == 431);
  }
  TEST_CASE("responses: status line, JSON content type, length, extra headers") {
    std::string r = format_response(202, {{"A", "b"}}, R"({"status":"OK"})", true);
    CHECK(r ==
          "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
          "A: b\r\n\r\n{\"status\":\"OK\"}");
    CHECK(format_response(400, {}, "", false).find("Connection: close\r\n\r\n") !=
          std::string::npos);
  }
}
