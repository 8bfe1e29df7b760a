#include "core/server/wire.h"

#include <doctest/doctest.h>

#include <string>

namespace gw::server {
namespace {

Response answer(int status, std::string body = "") {
  Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.headers.add("x-amzn-RequestId", "abc");
  r.body = std::move(body);
  return r;
}

TEST_SUITE("gw::server::to_wire") {
  TEST_CASE("status line, headers in order, Content-Length, then the body apart") {
    WireAnswer w = to_wire(answer(200, "{\"ok\":true}"), "GET", 11, true);
    CHECK(w.head ==
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: abc\r\n"
          "Content-Length: 11\r\n\r\n");
    CHECK(w.body == "{\"ok\":true}");
  }

  TEST_CASE("Connection only where the version's default differs") {
    CHECK(to_wire(answer(200), "GET", 11, false).head.find("Connection: close\r\n") !=
          std::string::npos);
    CHECK(to_wire(answer(200), "GET", 10, true).head.find("Connection: keep-alive\r\n") !=
          std::string::npos);
    CHECK(to_wire(answer(200), "GET", 10, true).head.rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
    CHECK(to_wire(answer(200), "GET", 11, true).head.find("Connection") == std::string::npos);
    CHECK(to_wire(answer(200), "GET", 10, false).head.find("Connection") == std::string::npos);
  }

  TEST_CASE("HEAD keeps the length without the bytes; 204 and 304 have neither") {
    WireAnswer head = to_wire(answer(200, "12345"), "HEAD", 11, true);
    CHECK(head.head.find("Content-Length: 5\r\n") != std::string::npos);
    CHECK(head.body.empty());
    for (int status : {204, 304, 101}) {
      WireAnswer w = to_wire(answer(status, "ignored"), "GET", 11, true);
      CHECK(w.head.find("Content-Length") == std::string::npos);
      CHECK(w.body.empty());
    }
  }

  TEST_CASE("the gateway's own framing headers are replaced; a header that would split is left out") {
    Response r = answer(502, "x");
    r.headers.add("Content-Length", "999");
    r.headers.add("Transfer-Encoding", "chunked");
    r.headers.add("Connection", "upgrade");
    r.headers.add("X-Split", "a\r\nSet-Cookie: evil=1");
    r.headers.add("X-Nul", std::string("a\0b", 3));
    r.headers.add("X-Fine", "yes");
    WireAnswer w = to_wire(std::move(r), "GET", 11, true);
    CHECK(w.head ==
          "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nx-amzn-RequestId: abc\r\n"
          "X-Fine: yes\r\nContent-Length: 1\r\n\r\n");
  }

  TEST_CASE("a status without a standard reason phrase still has a status line") {
    CHECK(to_wire(answer(299), "GET", 11, true).head.rfind("HTTP/1.1 299 Unknown\r\n", 0) == 0);
  }
}

}  // namespace
}  // namespace gw::server
