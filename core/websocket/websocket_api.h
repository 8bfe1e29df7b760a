#pragma once

/// A WebSocket API served (issue 19): what API Gateway does with each connection and message,
/// independent of the transport (core/server's WebSocket hook drives it through cli/).
///
/// Emulates (AWS_BEHAVIOUR facts 71-73):
/// - the upgrade at `/{stage}`; `$connect` decides it: an AWS_PROXY answer whose statusCode is
///   not 2xx refuses the handshake with that status, a function error or failed invocation
///   with 502; an unknown stage answers 403 `{"message":"Forbidden"}`;
/// - messages routed by routeSelectionExpression (route_selection.h); no match goes to
///   `$default`; without `$default` the frame
///   `{"message": "Forbidden", "connectionId":"...", "requestId":"..."}` is sent (the connection
///   stays open); a failing integration sends the same frame with "Internal server error";
/// - two-way routes (a route response): the Lambda proxy answer's `body` (or a MOCK route's
///   `response`) is sent back; one-way routes send nothing;
/// - `$disconnect` after the socket closed, best effort, with the close code;
/// - the @connections management API (connections_api.cpp);
/// - connections older than 2 hours are closed (1001, "Going away"): the maximum connection
///   duration; the 10-minute idle timeout and the 128 KB message limit are the transport's.
/// Reads: routeSelectionExpression, the routes (x-gw.routes or CloudFormation), x-gw.functions,
/// x-gw.stages.
/// Known differences: no authorizers, API keys, throttling, request/response templates or
/// integration types other than AWS_PROXY and MOCK yet; no recording; SigV4 signatures of
/// @connections calls are not checked; frames over 32 KB are accepted (reassembled).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/lambda/invoker.h"
#include "core/model/api.h"

namespace gw::websocket {

/// One client connection as the transport offers it. Thread-safe.
class Channel {
 public:
  virtual ~Channel() = default;
  /// Queues a message; false when the connection is closing or gone.
  virtual bool send(std::string message, bool binary) = 0;
  virtual void close(int code, std::string reason) = 0;
};

struct WebSocketDeps {
  Clock* clock = nullptr;
  Random* random = nullptr;
  lambda::LambdaInvoker* lambda = nullptr;  ///< nullptr: AWS_PROXY routes fail
};

struct WebSocketOptions {
  std::string only_stage;  ///< --stage
  /// API Gateway's maximum connection duration.
  std::chrono::milliseconds max_duration = std::chrono::hours(2);
  /// How often the reaper looks for connections past max_duration (0: no reaper thread;
  /// call expire() yourself).
  std::chrono::milliseconds reap_interval{1000};
};

struct Outcome;

/// One line for the driver's log per connection and message ("websocket ...").
using LogSink = std::function<void(const std::string&)>;

class WebSocketApi {
 public:
  WebSocketApi(WebSocketDeps deps, WebSocketOptions options, LogSink log);
  ~WebSocketApi();
  WebSocketApi(const WebSocketApi&) = delete;
  WebSocketApi& operator=(const WebSocketApi&) = delete;

  /// Serves api from now on (a reload); open connections stay.
  void set_api(std::shared_ptr<const model::Api> api);

  /// The upgrade request of the transport's connection `key`: nullopt accepts it.
  std::optional<Response> connect(const Request& upgrade, const std::string& key,
                                  std::shared_ptr<Channel> channel);
  void message(const std::string& key, const std::string& data, bool binary);
  void disconnect(const std::string& key, int close_code);

  /// `POST|GET|DELETE /{stage}/@connections/{id}`, or nullopt for other requests.
  std::optional<Response> manage(const Request& request);

  /// Closes the connections older than max_duration.
  void expire();
  size_t connection_count() const;

 private:
  struct Served;
  struct Connection;
  std::shared_ptr<Connection> find(const std::string& key) const;
  std::shared_ptr<Connection> find_id(const std::string& connection_id) const;
  /// Runs route's integration with event.
  Outcome run(const Served& s, const model::WebSocketRoute& route, const std::string& event,
              const std::string& trace_id);
  /// A new X-Amzn-Trace-Id for an event, keeping the client's Root when `client` has one.
  std::string new_trace(std::optional<std::string_view> client = std::nullopt) const;
  void reap_loop();
  int64_t now_ms() const;
  std::string new_id() const;

  WebSocketDeps deps_;
  WebSocketOptions options_;
  LogSink log_;
  std::atomic<std::shared_ptr<const Served>> served_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Connection>> by_key_;
  std::map<std::string, std::shared_ptr<Connection>> by_id_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread reaper_;
};

}  // namespace gw::websocket
