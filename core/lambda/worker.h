#pragma once

/// One warm worker process of one function and the Lambda Runtime API endpoint it talks to.
///
/// Emulates: the Runtime API (`GET /2018-06-01/runtime/invocation/next` with the
/// Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn and -Trace-Id headers;
/// `POST .../invocation/{id}/response` and `.../{id}/error` → 202; `POST .../init/error` → 202;
/// an unknown request id → 400 InvalidRequestID), hosted on 127.0.0.1 on a port of its own so
/// every request is known to come from this worker. No thread serves the endpoint: the thread
/// running an invocation answers the worker's pending `next` with the event and reads its result
/// itself (runtime_http.h), so an invocation costs no hand-over between threads; between
/// invocations the worker's `next` simply waits unanswered, as on Lambda.
/// The process runs in its own process group and dies with gw (spawn.h); its stdout/stderr go
/// to gw's stderr, each line prefixed with the function name and request id.
/// Differences: one endpoint per worker instead of one per execution environment sandbox.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/lambda/launch.h"

namespace gw::lambda {

/// How one invocation ended on a worker.
struct WorkerOutcome {
  enum class Kind { Response, Error, Timeout, Exited, InitError, CallerTimeout };
  Kind kind = Kind::Response;
  std::string payload;     ///< response or error document
  std::string error_type;  ///< Lambda-Runtime-Function-Error-Type, when sent
  std::string detail;      ///< "exit status 1", ...
};

/// What to run: the payload, the ids and the deadlines.
struct WorkerTask {
  std::string request_id;
  std::string payload;
  std::chrono::milliseconds caller_timeout{29000};
  std::string client_context;    ///< Lambda-Runtime-Client-Context ("" = not sent)
  std::string cognito_identity;  ///< Lambda-Runtime-Cognito-Identity ("" = not sent)
  std::string trace_id = {};     ///< Lambda-Runtime-Trace-Id ("" = not sent)
};

class Worker {
 public:
  /// Starts the endpoint and the process; Environment when the process cannot start.
  static Result<std::unique_ptr<Worker>> start(const LaunchSpec& spec);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Runs one task to its end: a response, an error, the function timeout (the worker is then
  /// unusable), the process exiting, or caller_timeout.
  WorkerOutcome run(const WorkerTask& task);
  /// False once the process exited or was killed (the pool replaces it).
  bool usable();
  pid_t pid() const;
  int port() const;
  /// The pool's code generation this worker was started for.
  int generation() const { return generation_; }
  void set_generation(int g) { generation_ = g; }
  /// When the worker last became idle (the pool reaps long-idle workers).
  std::chrono::steady_clock::time_point idle_since() const { return idle_since_; }
  void set_idle_since(std::chrono::steady_clock::time_point t) { idle_since_ = t; }

 private:
  struct State;
  explicit Worker(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
  int generation_ = 0;
  std::chrono::steady_clock::time_point idle_since_{};
};

}  // namespace gw::lambda
