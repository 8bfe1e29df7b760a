#pragma once

/// One HTTP/1.1 connection as a coroutine, over a plain or a TLS stream (core/server only).
/// Requests are read one at a time from the connection's buffer, so pipelined requests are
/// answered in order; each answer is written before the next request is parsed.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "core/pipeline/gateway.h"
#include "core/server/http_server.h"
#include "core/server/websocket.h"

namespace gw::server {

namespace beast = boost::beast;

/// What every connection shares: the handler, the pool and the limits (owned by HttpServer).
struct ServerCore {
  Handler handler;
  BlockingPredicate may_block;
  std::function<void(const RequestLog&)> on_log;
  ServerOptions options;
  boost::asio::thread_pool* pool = nullptr;
  std::atomic<bool> stopping{false};
  WebSocketHandler websocket;  ///< no on_connect: upgrades are plain requests to the handler
  std::atomic<uint64_t> websocket_ids{0};
};

/// Per-connection state the server may touch from the connection's strand (to stop it).
struct Connection {
  beast::flat_buffer buffer;
  std::string peer_ip;
  TlsPeer tls;  ///< what the TLS handshake established (empty on plain HTTP)
  bool idle = true;       ///< waiting for a request's first byte: stop() may close it now
  bool upgraded = false;  ///< handed to a WebSocket session
  std::function<void()> cancel;  ///< cancels the pending read or write (runs on the strand)
};

/// Serves requests on stream until the peer closes, an error ends the connection, or the
/// server stops. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
boost::asio::awaitable<void> serve_http(ServerCore& core, Stream& stream, Connection& conn);

}  // namespace gw::server
