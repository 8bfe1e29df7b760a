#pragma once

/// Per-request state shared by the steps: the request, the response being built, the API and
/// stage it runs against, the route, the `$context` values (built once per request), the trace,
/// timings, and what the integration did.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/crypto.h"
#include "core/base/http.h"
#include "core/integrations/http_client.h"
#include "core/model/api.h"
#include "core/observe/trace.h"
#include "core/pipeline/gateway.h"
#include "core/pipeline/gateway_response.h"
#include "core/pipeline/step.h"
#include "core/router/route_match.h"
#include "core/vtl/outputs.h"

namespace gw::lambda {
class LambdaInvoker;
}
namespace gw::integrations {
class AwsServices;
}

namespace gw::pipeline {

class MappingTemplates;

/// `$context.identity.*` beyond sourceIp / userAgent, filled by the authorization steps.
struct ContextIdentity {
  std::string api_key;     ///< the API key used (usage plans)
  std::string api_key_id;  ///< its id (the x-gw apiKeys name)
  std::string caller;      ///< SigV4: the access key's principal
  std::string user;
  std::string user_arn;
  std::string access_key;
  std::string account_id;
  std::string principal_org_id;
  std::string cognito_identity_id;
  std::string cognito_identity_pool_id;
  std::string cognito_authentication_type;
  std::string cognito_authentication_provider;
  /// mTLS: the certificate the client presented and the truststore accepted.
  std::optional<crypto::CertificateInfo> client_cert;
};

/// What an authorizer decided: `$context.authorizer.*` and the proxy events' authorizer object.
struct AuthorizerResult {
  std::string kind;          ///< "lambda" | "cognito" | "jwt" | "iam" | "" (none ran)
  std::string principal_id;  ///< Lambda authorizers' principalId
  /// Lambda authorizers' `context` map, values as text in document order (REST stringifies them).
  std::vector<std::pair<std::string, std::string>> context;
  /// Lambda authorizers' `context` as a JSON object (HTTP API events keep the value types).
  std::string context_json;
  std::string claims_json;  ///< Cognito / JWT claims as a JSON object, "" when none
  std::vector<std::string> scopes;  ///< JWT scopes
  int64_t latency_ms = 0;   ///< $context.authorizer.integrationLatency
};

/// What the authorization step did, for the access log ($context.authorizer.status, .latency,
/// .error and $context.authorize.*): filled only when a method's authorizer ran.
struct AuthorizerRun {
  bool ran = false;
  std::string_view kind;   ///< "lambda", "cognito", "jwt" or "iam"
  std::string_view name;   ///< the authorizer's name (its security scheme), "" for IAM
  int status = 0;          ///< 200 when it let the request through, else the answer's status
  int64_t latency_ms = 0;  ///< the whole authorization step
  std::string error;       ///< the answer's message when it refused
};

/// `$context` values (fact 11, fact 43), computed once per request.
struct Context {
  std::string request_id;           ///< uuid
  std::string extended_request_id;  ///< 16 chars ending in '=' (fact 76)
  std::string request_time;         ///< CLF
  int64_t request_time_epoch = 0;   ///< ms
  std::string http_method;
  std::string path;           ///< REST: with the stage prefix
  std::string resource_path;  ///< "/pets/{id}"
  std::string resource_id;
  std::string route_key;  ///< HTTP APIs
  std::string stage;
  std::string api_id;
  std::string account_id = "123456789012";
  std::string domain_name;
  std::string domain_prefix;
  std::string protocol;
  std::string source_ip;
  std::string user_agent;
  std::string error_message;
  std::string error_response_type;
  std::string error_validation_string;  ///< $context.error.validationErrorString
  bool error_message_null = false;  ///< $context.error.messageString renders null
  /// $context.isCanaryRequest: set only on a stage with a canary release (fact 69).
  std::optional<bool> is_canary_request;
  /// $context.xrayTraceId: the trace id on a stage with tracingEnabled, "" elsewhere.
  std::string xray_trace_id;
  ContextIdentity identity;
  AuthorizerResult authorizer;
};

/// One call made to a backend (recorded_call.h: the RequestLog carries them).
using IntegrationCall = gw::IntegrationCall;

/// Everything the Gateway shares with its steps (owned by the Gateway).
struct GatewayShared {
  const model::Api* api = nullptr;
  const GatewayResponses* responses = nullptr;
  Clock* clock = nullptr;
  Random* random = nullptr;
  HttpClient* http = nullptr;
  lambda::LambdaInvoker* lambda = nullptr;  ///< nullptr when no local functions
  const MappingTemplates* templates = nullptr;
  integrations::AwsServices* aws_sink = nullptr;  ///< AWS integrations without an endpoint
  std::string api_id;
};

class Exchange {
 public:
  Exchange(const Request& request, const GatewayShared& shared, bool tracing);

  const Request& request;
  const GatewayShared& shared;
  const model::Api& api;
  Response response;
  bool has_response = false;

  // Set by stage match.
  std::string stage_name;
  std::string_view base_path;      ///< "/prod", "" for $default
  std::string_view path_in_stage;  ///< "/pets/1"
  const std::map<std::string, std::string>* stage_variables = nullptr;

  // Set by route match.
  std::optional<router::RouteMatch> route;

  // Set by the integration request step.
  std::optional<std::string> integration_body;  ///< the rendered request template; none = passthrough
  std::string_view request_template_type;       ///< the content type whose template rendered it
  vtl::Outputs overrides;  ///< $context.requestOverride / responseOverride the templates set

  // Set by the integration step.
  std::string_view integration_kind;  ///< "http", "aws_proxy", ... ("" = none ran)
  std::chrono::steady_clock::time_point integration_started{};  ///< for the X-Ray subsegment
  std::optional<Response> integration_response;
  bool proxy_response = false;  ///< the integration response goes to the client as is
  std::optional<std::string> selection_key;  ///< see integrations::IntegrationOutput
  double integration_latency_ms = -1;
  int integration_status = 0;
  std::string integration_error;  ///< why the integration failed ($context.integration.error)

  AuthorizerRun authorizer_run;  ///< set by the authorizer step
  CacheOutcome cache = CacheOutcome::None;  ///< set by the cache step
  std::string reason;  ///< RequestLog::reason: set by the step whose limit or backend decided

  Context context;
  /// The request's X-Amzn-Trace-Id, made once here and completed by stage match (its
  /// tracingEnabled): every integration, event and traced response carries this one value.
  observe::TraceContext trace_context;
  std::chrono::steady_clock::time_point started;

  /// Answers with a gateway response (customised by the API's gateway responses).
  Flow respond(GatewayResponseType type, std::string detail = {}, int default_status = 0);
  /// Answers with a fixed JSON error that no gateway response customises.
  Flow respond_fixed(int status, std::string_view message, std::string_view error_type);
  /// Sets the response and returns Flow::Respond.
  Flow respond_with(Response r);

  bool tracing() const { return tracing_; }
  /// Appends a trace line made of the parts (only when tracing). The parts are built even when
  /// not tracing: guard costly ones (number formatting) with `if (ex.tracing())`.
  template <class... Parts>
  void trace(const Parts&... parts) {
    if (tracing_) {
      std::string line;
      (line.append(std::string_view(parts)), ...);
      trace_.push_back(std::move(line));
    }
  }
  std::vector<std::string>& trace_lines() { return trace_; }
  /// Records a problem the operator must see even without --trace (a template error with its
  /// spec position); also traced.
  template <class... Parts>
  void warn(const Parts&... parts) {
    std::string line;
    (line.append(std::string_view(parts)), ...);
    if (tracing_) {
      trace_.push_back(line);
    }
    warnings_.push_back(std::move(line));
  }
  std::vector<std::string>& warning_lines() { return warnings_; }

  /// A stage variable's value, or nullptr.
  const std::string* stage_variable(std::string_view name) const;
  /// A method path parameter's value, or nullptr.
  const std::string* path_param(std::string_view name) const;
  /// A `$context` variable by name ("requestId", "identity.sourceIp", "error.messageString").
  std::optional<std::string> context_value(std::string_view name) const;
  /// `$context.identity.<key>` beyond sourceIp / userAgent, or nullopt for an unknown key.
  std::optional<std::string> identity_value(std::string_view key) const;
  /// `$context.authorizer.<key>` (principalId, integrationLatency, context keys).
  std::optional<std::string> authorizer_value(std::string_view key) const;
  /// Replaces `${stageVariables.x}` in text.
  std::string substitute_stage_variables(std::string_view text) const;

 private:
  bool tracing_;
  std::vector<std::string> trace_;
  std::vector<std::string> warnings_;
};

/// A JSON string literal for s (quotes included).
std::string json_quote(std::string_view s);
/// "deploymentId": the served deployment's id, "gwlocal" for the working spec.
std::string_view deployment_id_of(const model::Api& api);
/// "apiId": 10 lowercase alphanumerics derived from the title (stable run to run).
std::string derive_api_id(std::string_view title);
/// A 6-character id derived from a resource path ($context.resourceId).
std::string derive_resource_id(std::string_view resource_path);

}  // namespace gw::pipeline
