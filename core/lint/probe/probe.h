#pragma once

/// `gw lint --probe`: invokes each local function behind a Lambda proxy integration once per
/// operation with a synthetic event and lints what it answers.
///
/// Emulates: the event API Gateway sends (the pipeline's own event builder, lambda_event.h, on a
/// synthetic request: the operation's method, path parameters filled with sample values,
/// `Origin: http://localhost:3000`, a `{}` JSON body for POST/PUT/PATCH), the function resolved
/// as the pipeline resolves it (first served stage's variables), invoked through the same
/// FunctionManager, and its answer read by the pipeline's own proxy-response parser
/// (lambda_response.h): REST payload 1.0 strict, HTTP API 1.0 lenient, HTTP API 2.0 inferring
/// a bare value as a 200 JSON body.
/// Reads: x-amazon-apigateway-integration (type aws_proxy, uri, timeoutInMillis,
/// payloadFormatVersion), x-gw.functions, x-gw.stages, REST CORS facts (rules/util.h).
/// Differences: authorizers, API keys, validation and throttling are bypassed (the event has no
/// authorizer context); query strings are empty; the timeout is the function's own (or the
/// integration's, when shorter), capped at ProbeOptions::max_timeout. Operations whose function
/// is not in x-gw.functions, or whose sample path another route takes, are skipped. Up to four
/// operations are probed at once (cold starts dominate); results keep the document order.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/lint/rule.h"

namespace gw::lambda {
class FunctionManager;
}

namespace gw::lint {

/// What probing one Lambda proxy operation found.
struct ProbeResult {
  enum class Outcome {
    Ok,             ///< a valid proxy response (in `response`)
    FunctionError,  ///< the function raised, crashed or passed its own timeout
    CannotStart,    ///< init error, missing handler or module, no runtime
    Timeout,        ///< no answer within the integration timeout (or the probe's cap)
    BadShape,       ///< the answer is not a proxy response: `detail` says why
  };
  size_t op_index = 0;          ///< into Api::operations
  std::string function;         ///< the x-gw.functions name
  std::string payload_version;  ///< "1.0" | "2.0"
  Outcome outcome = Outcome::Ok;
  std::string detail;  ///< the error or the shape explanation
  /// Timeout: the integration's timeoutInMillis passed (API Gateway answers 504 / 503), rather
  /// than only the probe's cap.
  bool integration_timeout = false;
  std::string payload;  ///< what the function answered (error document on a function error)
  Response response;    ///< the client's response when Ok
};

struct ProbeOptions {
  /// No invocation waits longer than this, whatever the function's timeout.
  std::chrono::milliseconds max_timeout{10000};
  /// The events' request times and the latencies (nullptr: the system clock).
  Clock* clock = nullptr;
};

/// Runs the probes of the specs one `gw lint --probe` run lints. Owns the local functions'
/// workers: they stop on shutdown() or destruction. Not thread-safe (the engine runs rules on
/// one thread).
class Prober {
 public:
  explicit Prober(ProbeOptions options = {});
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;

  /// The probe results for the spec `in` describes (in.api must be set): probes on the first
  /// call for that file, then answers from memory.
  const std::vector<ProbeResult>& results(const Input& in);
  /// One-line notes for stderr ("nothing to probe"), cleared when taken.
  std::vector<std::string> take_notes();
  /// Invocations made so far.
  size_t invocations() const { return invocations_; }
  /// Stops every worker now (also done on destruction).
  void shutdown();

 private:
  std::vector<ProbeResult> probe_api(const model::Api& api, const std::string& file);

  ProbeOptions options_;
  std::unique_ptr<lambda::FunctionManager> functions_;  ///< created on the first invocation
  std::map<std::string, std::vector<ProbeResult>> by_file_;
  std::vector<std::string> notes_;
  size_t invocations_ = 0;
};

/// The probe rules (registered in registry.cpp; they report only when Input::probe is set).
std::unique_ptr<Rule> make_proxy_probe_cors_allow_origin();
std::unique_ptr<Rule> make_proxy_probe_function_error();
std::unique_ptr<Rule> make_proxy_probe_response_shape();

}  // namespace gw::lint
