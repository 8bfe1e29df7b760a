#pragma once

// Test support for the server tests: a raw TCP client (the bytes on the wire are exactly what
// the test wrote) and an HttpServer on a free port that records what it saw.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/server/http_server.h"

namespace gw::server::testing {


using gw::Request;
using gw::RequestLog;
using gw::Response;
using gw::server::HttpServer;
using gw::server::ServerOptions;

// A raw TCP connection to the server: the bytes on the wire are exactly what the test wrote.
class RawConn {
 public:
  explicit RawConn(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval tv{10, 0};  // a bound, not a sleep: a hung server fails the test
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~RawConn() { close(fd_); }
  bool ok() const { return ok_; }
  int fd() const { return fd_; }
  /// True when the server closes the connection within `seconds` (recv sees EOF).
  bool closed_by_peer(int seconds) {
    timeval tv{seconds, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char tmp[64];
    return recv(fd_, tmp, sizeof(tmp), 0) == 0;
  }
  void send_all(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) {
        return;
      }
      off += static_cast<size_t>(n);
    }
  }
  /// Reads one response's status line and headers only (a HEAD answer).
  std::string read_head() {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return "";
      }
    }
    std::string out = buf_.substr(0, end + 4);
    buf_.erase(0, end + 4);
    return out;
  }
  /// Reads one response (status line, headers, Content-Length body); "" on EOF/timeout.
  std::string read_response() {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return "";
      }
    }
    const std::string head = buf_.substr(0, end + 4);
    size_t length = 0;
    const size_t cl = lower(head).find("content-length:");
    if (cl != std::string::npos) {
      length = std::stoul(head.substr(cl + 15));
    }
    while (buf_.size() < end + 4 + length) {
      if (!fill()) {
        return "";
      }
    }
    std::string out = buf_.substr(0, end + 4 + length);
    buf_.erase(0, end + 4 + length);
    return out;
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
  }
  bool fill() {
    char tmp[4096];
    const ssize_t n = recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) {
      return false;
    }
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  bool ok_ = false;
  std::string buf_;
};

inline int status_of(const std::string& response) {
  return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}

inline std::string body_of(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

// A server on a free port answering with `respond`, recording requests and log lines.
struct TestServer {
  std::mutex mu;
  std::vector<Request> requests;
  std::vector<RequestLog> logs;
  HttpServer server;
  int port = 0;
  std::thread thread;

  explicit TestServer(std::function<Response(const Request&)> respond = {},
                      ServerOptions options = {"127.0.0.1", 0, 4})
      : server(
            [this, respond](const Request& req, RequestLog* log) {
              {
                std::lock_guard lock(mu);
                requests.push_back(req);
              }
              log->request_id = "rid";
              if (respond) {
                return respond(req);
              }
              Response res;
              res.headers.add("Content-Type", "text/plain");
              res.body = "ok";
              return res;
            },
            options,
            [this](const RequestLog& log) {
              std::lock_guard lock(mu);
              logs.push_back(log);
            }) {
    auto bound = server.bind();
    REQUIRE(bound.has_value());
    port = *bound;
    thread = std::thread([this] { server.run(); });
  }
  ~TestServer() {
    server.stop();
    thread.join();
  }
  Request last() {
    std::lock_guard lock(mu);
    REQUIRE(!requests.empty());
    return requests.back();
  }
};


}  // namespace gw::server::testing
