#pragma once

/// The one pipeline every request goes through, whichever driver brings it (serve, invoke,
/// replay). Thread-safe: one Gateway serves all requests of one loaded API; a reload builds a
/// new Gateway and swaps it in.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/base/result.h"
#include "core/integrations/http_client.h"
#include "core/integrations/recorded_call.h"
#include "core/model/api.h"

namespace gw {

class HttpClient;
namespace lambda {
class LambdaInvoker;
}
namespace integrations {
class AwsServices;
}
namespace limits {
class StateStore;
}
namespace observe {
class SegmentSink;
}

/// Everything that varies run to run, injected.
struct GatewayDeps {
  Clock* clock = nullptr;
  Random* random = nullptr;
  HttpClient* http = nullptr;  ///< for HTTP / HTTP_PROXY / VPC_LINK integrations
  lambda::LambdaInvoker* lambda = nullptr;  ///< local functions (AWS_PROXY); nullptr = none
  /// AWS integrations without x-gw.awsServices.endpoint; nullptr = a local sink in memory.
  integrations::AwsServices* aws = nullptr;
  /// Token buckets and quota counters; nullptr = a store of this Gateway's own, in memory.
  /// `gw serve` passes the durable store of its state directory, kept across reloads.
  limits::StateStore* store = nullptr;
  /// X-Ray segment documents of stages with tracingEnabled (core/observe/xray_segment.h);
  /// nullptr = none are sent (replay, invoke, tests that do not look).
  observe::SegmentSink* xray = nullptr;
};
// The Gateway wraps http, lambda and aws in the recording decorators (recording_clients.h):
// every backend call a request makes is in its RequestLog::calls.

class Gateway;

struct GatewayOptions {
  GatewayOptions(std::string only = {}, std::string dir = {})  // NOLINT: brace-initialised
      : only_stage(std::move(only)), state_dir(std::move(dir)) {}
  std::string only_stage;  ///< serve this stage alone ("" = every stage)
  /// --state-dir ("" = .gw/ beside the spec; see model::state_dir_of): read for gw's
  /// development issuer key only; everything written goes through GatewayDeps.
  std::string state_dir;
  /// Canary release deployments (AWS fact 69, core/pipeline/canary_split.h): this Gateway
  /// serves a stage's canary deployment ($context.isCanaryRequest true, RequestLog::canary).
  bool canary = false;
  /// Stages whose traffic another Gateway shares as their canary: here their requests have
  /// $context.isCanaryRequest false.
  std::vector<std::string> canary_stages;
  /// useStageCache: read and fill the stage caches of this Gateway (the stage's primary)
  /// instead of caches of its own; only used while constructing.
  const Gateway* stage_cache_of = nullptr;
};

/// What happened to one request: the access-log line, `--trace` and `--json` read it.
/// What the stage cache did for a request (CloudWatch's CacheHitCount / CacheMissCount).
enum class CacheOutcome : uint8_t { None, Hit, Miss };

struct RequestLog {
  std::string request_id;
  std::string extended_request_id;
  std::string method;
  std::string path;              ///< as requested (raw)
  std::string stage;             ///< "" when no stage matched
  std::string resource_path;     ///< "/pets/{id}"; route key for HTTP APIs; "" when unmatched
  int status = 0;
  double latency_ms = 0;
  double integration_latency_ms = -1;  ///< -1 when no integration ran
  int integration_status = 0;
  std::string error_type;        ///< gateway response type when the gateway answered itself
  std::string error_message;
  std::vector<std::string> trace;  ///< one line per step decision ("route: GET /pets -> ...")
  std::vector<std::string> warnings;  ///< problems to show even without --trace (template errors)
  int64_t request_time_epoch = 0;     ///< $context.requestTimeEpoch (ms): replay freezes it
  std::vector<IntegrationCall> calls;  ///< every backend call made, in order
  std::string deployment_id;  ///< $context.deploymentId of the Gateway that served it
  bool canary = false;        ///< served by a stage's canary deployment
  CacheOutcome cache = CacheOutcome::None;  ///< None: the method has no stage cache
  /// The authorizer's decision: "lambda authorizer: allow", "jwt authorizer: 401
  /// Unauthorized"; "" when none ran.
  std::string authorizer;
  /// Why the gateway answered as it did, when a limit or a backend decided it: "throttled by
  /// usage plan 'basic' (rate 5/s, burst 10)", a Lambda's malformed answer; "" otherwise.
  std::string reason;
  /// The stage's access-log line (accessLogSettings.format), "" when its stage has no format.
  std::string access_line;
  /// API Gateway's execution log lines for this request (execution_log.h), when its method's
  /// loggingLevel asks for them.
  std::vector<std::string> execution_log;
};

/// One method's stage-cache counters (CloudWatch's CacheHitCount / CacheMissCount).
struct CacheCount {
  std::string stage;
  std::string method;  ///< "GET /events/{id}"
  uint64_t hits = 0;
  uint64_t misses = 0;
};

/// A base URL path the API answers under, with what serves it.
struct StageEndpoint {
  std::string stage;      ///< "local", "prod", "$default"
  std::string base_path;  ///< "/local" or "" for an HTTP API's $default stage
};

class Gateway {
 public:
  Gateway(std::shared_ptr<const model::Api> api, GatewayDeps deps, GatewayOptions options = {});
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  /// Runs the request through the pipeline. Never throws; a bug in a step answers 500.
  Response handle(const Request& request, RequestLog* log = nullptr) const;

  const model::Api& api() const;
  /// Problems found while building the pipeline (mapping templates that fail to parse, unknown
  /// `$util` methods, body models that do not compile), with spec positions: the drivers print
  /// them at start-up.
  const std::vector<Error>& warnings() const;
  /// Stage-cache hits and misses per stage and method since this Gateway was built.
  std::vector<CacheCount> cache_counts() const;
  /// The stages served, in order, with the path prefix each answers under.
  std::vector<StageEndpoint> endpoints() const;
  /// The served stage a request path addresses ("" when none): what the stage-match step
  /// would pick, without running the pipeline (the canary split decides on it).
  std::string stage_of(std::string_view path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw
