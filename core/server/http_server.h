#pragma once

/// The HTTP/1.1 listener in front of the gateway: the only server-side user of cpp-httplib.
/// Converts httplib requests to gw::Request values (raw, still-encoded path: AWS_BEHAVIOUR.md
/// fact 6) and gw::Response values back. Settings follow DESIGN.md §8: TCP_NODELAY, a very
/// high keep-alive count, a thread pool sized for slow integrations, 10 MB + 1 payload limit
/// (so the gateway itself answers 413 with API Gateway's body).
/// Known differences from AWS: oversize request headers get httplib's 400 (not 431); header
/// order is by name (httplib keeps headers in a case-insensitive multimap), repeated names keep
/// their arrival order.

#include <functional>
#include <memory>
#include <string>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"

namespace gw::server {

using Handler = std::function<Response(const Request&, RequestLog*)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 3000;
  int threads = 0;  ///< 0 = auto: max(64, 4 x cores)
};

/// The largest body handed to the gateway: 10 MB + 1 so the gateway can answer 413 itself.
inline constexpr size_t kMaxPayload = 10 * 1024 * 1024 + 1;

class HttpServer {
 public:
  HttpServer(Handler handler, ServerOptions options,
             std::function<void(const RequestLog&)> on_log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds the listening socket; returns the bound port (port 0 = any free one).
  /// A port in use (or any bind failure) is ErrorKind::Environment.
  Result<int> bind();
  /// Serves until stop(); returns after in-flight requests have finished.
  void run();
  /// Stops accepting; run() returns once in-flight requests are drained. Thread-safe.
  void stop();
  /// The number of worker threads the pool uses.
  int thread_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The pool size for `requested` threads (0 = auto).
int resolve_thread_count(int requested);

}  // namespace gw::server
