#pragma once

/// The seam between the gateway and local Lambda functions: the Lambda integration asks an
/// invoker to run one function with one payload, as API Gateway calls Lambda's Invoke API.
/// FunctionManager (function_manager.h) is the real implementation; tests may fake it.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/base/result.h"
#include "core/model/api.h"

namespace gw::lambda {

/// One synchronous invocation (InvocationType RequestResponse).
struct Invocation {
  const model::Api* api = nullptr;  ///< for spec_path and x-gw.runtimes
  const model::FunctionConfig* function = nullptr;
  std::string payload;  ///< the event, JSON text
  /// The caller stops waiting after this long (API Gateway's integration timeout).
  std::chrono::milliseconds caller_timeout{29000};
  /// Invoke's ClientContext (JSON: {"client":..., "custom":..., "env":...}), "" for none.
  std::string client_context;
  /// The caller's Cognito identity (JSON: {"cognitoIdentityId":..., "cognitoIdentityPoolId":...}),
  /// "" for none: API Gateway passes it when the integration runs with the caller's credentials.
  std::string cognito_identity;
  /// The request's X-Amzn-Trace-Id value (Lambda-Runtime-Trace-Id, `_X_AMZN_TRACE_ID` in the
  /// handler), "" when the invocation comes from no request (async retries, provisioning).
  std::string trace_id = {};
};

/// What the function answered (Lambda's Invoke API response).
struct InvokeOutput {
  std::string payload;          ///< the response, or the error document on a function error
  bool function_error = false;  ///< X-Amz-Function-Error was set ("Unhandled")
  std::string request_id;
  bool cold_start = false;
  /// How long the call took in ms as the recording keeps it (set by the recording decorator and
  /// by replay, -1 when unknown): Lambda authorizers report it as integrationLatency, so a
  /// replayed exchange shows the recorded value.
  int64_t latency_ms = -1;
};

/// Failures: ErrorKind::Timeout when caller_timeout passed first; ErrorKind::Failure when the
/// function cannot run (no runtime, spawn failure, throttled); ErrorKind::BadInput for a
/// function configuration gw cannot use.
class LambdaInvoker {
 public:
  virtual ~LambdaInvoker() = default;
  virtual Result<InvokeOutput> invoke(const Invocation& invocation) = 0;
  /// InvocationType Event: Lambda queues the event and answers 202 with no payload; the
  /// function runs later and its result goes nowhere. The output carries only the request id.
  /// This default runs the function before returning (fakes and replay stay deterministic);
  /// FunctionManager queues it.
  virtual Result<InvokeOutput> invoke_event(const Invocation& invocation) {
    auto out = invoke(invocation);
    if (!out && out.error().kind != ErrorKind::Timeout) {
      return out;
    }
    return InvokeOutput{"", false, out ? out->request_id : std::string(), false};
  }
  /// Whether a caller may answer later requests from a result it cached (a Lambda authorizer's
  /// result cache). Replay says no: each recorded exchange carries its own answer, so the
  /// outcome never depends on which exchanges ran before on the same thread.
  virtual bool results_reusable() const { return true; }
  /// Tells the invoker that the caller answered `invocation` from its cache with `output`,
  /// without invoking (recording keeps it, so replay can answer the exchange alone).
  virtual void answered_from_cache(const Invocation& /*invocation*/,
                                   const InvokeOutput& /*output*/) {}
};

}  // namespace gw::lambda
