#pragma once

/// The listener in front of the gateway (DESIGN.md §2a): the only code that touches sockets.
/// Boost.Beast/Asio, event-driven: as many I/O threads as cores, each with its own io_context
/// (connections dealt out in turn, no lock shared between them), every connection an
/// asynchronous coroutine (no thread per connection), work that may block (a Lambda call, an
/// HTTP integration, an authorizer) on a bounded pool so a slow backend stalls no connection.
///
/// HTTP/1.1 as API Gateway's front end serves it: keep-alive; pipelined requests answered in
/// order; strict framing (RFC 9112 §6: Content-Length with Transfer-Encoding, conflicting or
/// non-numeric lengths -> 400 and close); header values over 10 240 bytes -> 431 (fact 67);
/// bodies over 10 MB refused while reading, before the rest arrives (413, the gateway's own
/// REQUEST_TOO_LARGE answer); header-read and idle timeouts; `Expect: 100-continue`; a request
/// with no body length has an empty body; nothing compressed. Every answer, framing errors
/// included, reaches the access log. TLS (with SNI and client certificates) and WebSocket
/// upgrades ride on the same connections (tls.h, websocket.h).
/// Known differences from AWS: no HTTP/2 (API Gateway's edge speaks it; the pipeline does not
/// depend on it).

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"
#include "core/server/tls.h"
#include "core/server/websocket.h"

namespace gw::server {

using Handler = std::function<Response(const Request&, RequestLog*)>;
/// True when handling this request may block (a backend call): it then runs on the pool.
using BlockingPredicate = std::function<bool(const Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 3000;
  int threads = 0;     ///< the pool for work that may block; 0 = auto: max(64, 4 x cores)
  int io_threads = 0;  ///< 0 = one per core
  /// A connection with no request in progress is closed after this long (API Gateway: 10 min
  /// for WebSocket; HTTP clients reconnect).
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(120)};
  /// From a request's first byte to its last header line (slowloris connections are closed).
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  /// For the body, once the header is in.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(60)};
  /// Answers still running at stop() get this long before their connections are closed.
  std::chrono::milliseconds drain_timeout{std::chrono::milliseconds(1500)};
  /// HTTPS (tls.h); unset: plain HTTP only.
  std::shared_ptr<const TlsOptions> tls = nullptr;
};

/// The largest request body handed to the gateway (fact 67).
inline constexpr size_t kMaxBody = 10 * 1024 * 1024;
/// API Gateway's bound on the total size of the header values (fact 67).
inline constexpr size_t kMaxHeaderValues = 10240;
/// The parser's bound on the whole header block: beyond it the request is refused unread.
inline constexpr size_t kMaxHeaderBlock = 64 * 1024;

class HttpServer {
 public:
  HttpServer(Handler handler, ServerOptions options,
             std::function<void(const RequestLog&)> on_log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Which requests run on the pool; unset: every request does.
  void set_blocking_predicate(BlockingPredicate predicate);
  /// Accept WebSocket upgrades through `handler` (websocket.h); call before run().
  void set_websocket_handler(WebSocketHandler handler);

  /// Binds the listening socket; returns the bound port (port 0 = any free one).
  /// A port in use (or any bind failure) is ErrorKind::Environment; with TLS, a certificate,
  /// key or truststore that does not load is BadInput naming its site.
  Result<int> bind();
  /// Serves until stop(); returns once in-flight answers are written (or drain_timeout passed).
  void run();
  /// Stops accepting and closes idle connections; run() then returns. Thread-safe, and safe to
  /// call before run().
  void stop();
  /// The number of pool threads.
  int thread_count() const;
  /// Open connections right now (HTTP and WebSocket).
  size_t connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The pool size for `requested` threads (0 = auto).
int resolve_thread_count(int requested);

}  // namespace gw::server
