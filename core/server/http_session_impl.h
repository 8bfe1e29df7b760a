#pragma once

// The definitions behind http_session.h, instantiated once per stream type
// by http_session_tcp.cpp and http_session_tls.cpp: with Beast's templates one instantiation
// takes a minute to compile (three under the sanitizers), so the two build in parallel.
// Include only from those two files.

#include "core/server/http_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <array>
#include <optional>
#include <tuple>
#include <utility>

#include "core/server/websocket_session.h"
#include "core/server/wire.h"

namespace gw::server {
namespace {

namespace asio = boost::asio;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// A buffer grown by one large request is given back once the connection falls idle, so
// thousands of idle keep-alive connections cost little memory.
constexpr size_t kIdleBufferCapacity = 16 * 1024;
constexpr size_t kFirstRead = 1024;

using Parser = http::request_parser<http::string_body>;

// What one request came to: the answer, or the end of the connection.
enum class Next { Continue, Close };

Response internal_error() {
  Response r;
  r.status = 500;
  r.headers.add("Content-Type", "application/json");
  r.headers.add("x-amzn-ErrorType", "InternalServerErrorException");
  r.body = R"({"message":"Internal server error"})";
  return r;
}

Response run_handler(const ServerCore& core, const Request& request, RequestLog& log) {
  try {
    return core.handler(request, &log);
  } catch (...) {  // backstop only: the gateway never throws
    return internal_error();
  }
}

void complete_log(RequestLog& log, const Request& request, const Response& response,
                  std::chrono::steady_clock::time_point start) {
  if (log.method.empty()) {
    log.method = request.method.empty() ? "-" : request.method;
  }
  if (log.path.empty()) {
    log.path = request.path.empty() ? "-" : request.path;
  }
  if (log.status == 0) {
    log.status = response.status;
  }
  if (log.latency_ms <= 0) {
    log.latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
}

// Waits for the first bytes of the next request (the connection is idle meanwhile).
template <class Stream>
asio::awaitable<bool> wait_for_request(ServerCore& core, Stream& stream, Connection& conn) {
  if (conn.buffer.size() > 0) {
    co_return true;  // a pipelined request is already here
  }
  if (core.stopping) {
    co_return false;
  }
  if (conn.buffer.capacity() > kIdleBufferCapacity) {
    conn.buffer.shrink_to_fit();
  }
  conn.idle = true;
  beast::get_lowest_layer(stream).expires_after(core.options.idle_timeout);
  auto ecn_result = co_await stream.async_read_some(conn.buffer.prepare(kFirstRead), kTuple);
  auto ec = std::get<0>(ecn_result);
  auto n = std::get<1>(std::move(ecn_result));
  conn.idle = false;
  if (ec) {
    co_return false;
  }
  conn.buffer.commit(n);
  co_return true;
}

// Writes one answer; false when the connection broke.
template <class Stream>
asio::awaitable<bool> write_answer(ServerCore& core, Stream& stream, Response&& response,
                                   std::string_view method, unsigned version, bool keep_alive) {
  WireAnswer out = to_wire(std::move(response), method, version, keep_alive);
  beast::get_lowest_layer(stream).expires_after(core.options.body_timeout);
  const std::array<asio::const_buffer, 2> bytes = {asio::buffer(out.head), asio::buffer(out.body)};
  auto ecn_result = co_await asio::async_write(stream, bytes, kTuple);
  auto ec = std::get<0>(ecn_result);
  co_return !ec;
}

// The end of every request: completes its log, writes the answer, then hands the log on (after
// the answer, so logging never delays a client).
template <class Stream>
asio::awaitable<Next> finish(ServerCore& core, Stream& stream, const Request& request,
                             Response&& response, RequestLog& log,
                             std::chrono::steady_clock::time_point start, unsigned version,
                             bool keep_alive) {
  complete_log(log, request, response, start);
  const bool written =
      co_await write_answer(core, stream, std::move(response), request.method, version, keep_alive);
  if (core.on_log) {
    core.on_log(log);
  }
  co_return written && keep_alive ? Next::Continue : Next::Close;
}

// Answers a request the server refuses itself (bad framing, header too large) and logs it.
template <class Stream>
asio::awaitable<Next> refuse(ServerCore& core, Stream& stream, const Parser& parser, int status,
                             const Connection& conn) {
  const auto start = std::chrono::steady_clock::now();
  Request request;
  if (parser.got_some()) {
    request.method = std::string(parser.get().method_string());
    request.path = std::string(parser.get().target().substr(0, parser.get().target().find('?')));
  }
  request.source_ip = conn.peer_ip;
  Response response = framing_error(status);
  RequestLog log;
  log.error_type = status == 431 ? "REQUEST_HEADER_FIELDS_TOO_LARGE" : "BAD_REQUEST";
  co_return co_await finish(core, stream, request, std::move(response), log, start, 11, false);
}

// Runs the gateway on a request, on the pool when it may block, and writes its answer.
template <class Stream>
asio::awaitable<Next> answer(ServerCore& core, Stream& stream, Request&& request,
                             unsigned version, bool keep_alive) {
  const auto start = std::chrono::steady_clock::now();
  RequestLog log;
  Response response;
  if (!core.may_block || core.may_block(request)) {
    auto home = co_await asio::this_coro::executor;
    co_await asio::post(asio::bind_executor(*core.pool, asio::use_awaitable));
    response = run_handler(core, request, log);
    co_await asio::post(home, asio::use_awaitable);
  } else {
    response = run_handler(core, request, log);
  }
  keep_alive = keep_alive && !core.stopping && !request.body_too_large;
  co_return co_await finish(core, stream, request, std::move(response), log, start, version,
                            keep_alive);
}

// mTLS without a trusted certificate: API Gateway completes the handshake and answers every
// request 403, the reason only in its log (tls.h).
template <class Stream>
asio::awaitable<Next> refuse_client_cert(ServerCore& core, Stream& stream, Request&& request,
                                         const Connection& conn, unsigned version,
                                         bool keep_alive) {
  const auto start = std::chrono::steady_clock::now();
  Response response = framing_error(403);
  RequestLog log;
  log.error_type = "ACCESS_DENIED";
  log.error_message = "Access denied. Reason: " + conn.tls.client_cert_error;
  log.warnings.push_back("mtls: " + log.error_message +
                         (conn.tls.sni.empty() ? "" : " (domain " + conn.tls.sni + ")"));
  co_return co_await finish(core, stream, request, std::move(response), log, start, version,
                            keep_alive && !core.stopping);
}

// Reads one request and answers it.
template <class Stream>
asio::awaitable<Next> one_request(ServerCore& core, Stream& stream, Connection& conn) {
  Parser parser;
  parser.header_limit(static_cast<std::uint32_t>(kMaxHeaderBlock));
  parser.body_limit(kMaxBody);
  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(core.options.header_timeout);
  auto ecn_result = co_await http::async_read_header(stream, conn.buffer, parser, kTuple);
  auto ec = std::get<0>(ecn_result);
  if (ec == http::error::body_limit) {
    // The declared length is over 10 MB: answered before the body arrives (fact 67).
    Request request = to_request(parser.release(), conn.peer_ip);
    request.body_too_large = true;
    co_return co_await answer(core, stream, std::move(request), 11, false);
  }
  if (ec == http::error::header_limit) {
    co_return co_await refuse(core, stream, parser, 431, conn);
  }
  if (ec) {
    const bool gone = ec == beast::error::timeout || ec == asio::error::operation_aborted ||
                      ec == http::error::end_of_stream || ec == asio::error::eof ||
                      ec == asio::error::connection_reset;
    if (gone) {
      co_return Next::Close;
    }
    co_return co_await refuse(core, stream, parser, 400, conn);
  }
  if (parser.get().method() == http::verb::unknown) {
    co_return co_await refuse(core, stream, parser, 400, conn);  // not an HTTP method
  }
  if (header_values_size(parser.get()) > kMaxHeaderValues) {
    co_return co_await refuse(core, stream, parser, 431, conn);
  }
  if (!parser.is_done()) {
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      auto wecwn_result = co_await asio::async_write(stream, asio::buffer(kContinue), kTuple);
      auto wec = std::get<0>(wecwn_result);
      if (wec) {
        co_return Next::Close;
      }
    }
    tcp.expires_after(core.options.body_timeout);
    auto becbn_result = co_await http::async_read(stream, conn.buffer, parser, kTuple);
    auto bec = std::get<0>(becbn_result);
    if (bec == http::error::body_limit) {
      BeastRequest head = parser.release();
      head.body().clear();
      Request request = to_request(std::move(head), conn.peer_ip);
      request.body_too_large = true;
      co_return co_await answer(core, stream, std::move(request), 11, false);
    }
    if (bec) {
      if (bec == beast::error::timeout || bec == http::error::partial_message) {
        co_return Next::Close;
      }
      co_return co_await refuse(core, stream, parser, 400, conn);
    }
  }
  const bool keep_alive = parser.get().keep_alive();
  const unsigned version = parser.get().version();
  BeastRequest request_head = parser.release();
  if (!conn.tls.client_cert_error.empty()) {
    co_return co_await refuse_client_cert(core, stream,
                                          to_request(std::move(request_head), conn.peer_ip), conn,
                                          version, keep_alive);
  }
  if (core.websocket.on_connect && beast::websocket::is_upgrade(request_head)) {
    co_await serve_websocket(core, stream, conn, std::move(request_head));
    co_return Next::Close;
  }
  Request request = to_request(std::move(request_head), conn.peer_ip);
  request.client_cert_pem = conn.tls.client_cert_pem;
  co_return co_await answer(core, stream, std::move(request), version, keep_alive);
}

}  // namespace

template <class Stream>
asio::awaitable<void> serve_http(ServerCore& core, Stream& stream, Connection& conn) {
  for (;;) {
    const bool more = co_await wait_for_request(core, stream, conn);
    if (!more) {
      break;
    }
    const Next next = co_await one_request(core, stream, conn);
    if (next == Next::Close) {
      break;
    }
  }
}

}  // namespace gw::server
