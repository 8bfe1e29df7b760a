#pragma once

/// One call a request made to a backend, and the per-request list the recording decorators
/// (recording_clients.h) append to. Gateway::handle opens a CallScope on its thread for the
/// request; every backend call made while it runs lands in that scope, whichever backend
/// made it (HTTP, Lambda integrations and authorizers, the AWS sink).

#include <string>
#include <vector>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/integrations/http_client.h"

namespace gw {

/// One call made to a backend for a request (recorded by `gw serve --record`, answered from the
/// recording by `gw replay`, shown by `--trace`).
struct IntegrationCall {
  std::string kind;  ///< "http", "http_proxy", "aws", "lambda"
  HttpCall request;  ///< for "lambda": POST lambda:FUNCTION with the event as body
  int status = 0;    ///< 0 when no answer
  double latency_ms = 0;
  std::string error;  ///< why there was no answer
  std::string target;  ///< "GET http://host/path?q" for HTTP, the function name for Lambda
  Response response;   ///< what the backend answered (when status != 0)
  ErrorKind error_kind = ErrorKind::Failure;  ///< Timeout or Failure, when error is set
  /// A Lambda authorizer answered from its result cache: no invocation was made; response is
  /// the cached answer of the call that filled the cache (replay answers with it).
  bool cached = false;
};

namespace integrations {

/// The calls of the request running on this thread. Scopes nest: the innermost one collects.
class CallScope {
 public:
  CallScope();
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  /// The calls collected so far (moved out).
  std::vector<IntegrationCall> take() { return std::move(calls_); }
  /// The calls collected so far.
  const std::vector<IntegrationCall>& calls() const { return calls_; }
  /// Appends to the innermost scope of this thread; dropped when none is open.
  static void append(IntegrationCall call);

 private:
  std::vector<IntegrationCall> calls_;
  CallScope* outer_;
};

}  // namespace integrations
}  // namespace gw
