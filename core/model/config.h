#pragma once

/// gw's own configuration (the x-gw block, DESIGN.md §4): what API Gateway keeps outside
/// OpenAPI — stages, deployments' settings, local functions, usage plans, keys, identities.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/source_loc.h"

namespace gw::model {

struct Throttle {
  std::optional<double> rate_limit;
  std::optional<int> burst_limit;
};

struct MethodSetting {  ///< stage methodSettings["/path/GET"] or "*/*"
  std::optional<Throttle> throttling;
  std::optional<bool> caching_enabled;
  std::optional<int> cache_ttl_seconds;
  std::optional<bool> require_authorization_for_cache_control;
  /// unauthorizedCacheControlHeaderStrategy: FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER or
  /// SUCCEED_WITHOUT_RESPONSE_HEADER ("" = not set here).
  std::string unauthorized_cache_control_header_strategy;
  std::optional<bool> metrics_enabled;
  std::string logging_level;  ///< OFF | ERROR | INFO ("" = not set here): execution logs
  std::optional<bool> data_trace_enabled;  ///< execution logs with full requests and responses
};

/// A stage's canary release (canarySettings, AWS fact 69): percentTraffic % of the stage's
/// requests run the `gw deploy` snapshot `deployment_id`.
struct Canary {
  double percent_traffic = 0;  ///< 0..100
  std::string deployment_id;
  std::map<std::string, std::string> stage_variable_overrides;
  bool use_stage_cache = false;
  SourceLoc where;             ///< the canary block
  SourceLoc deployment_where;  ///< the deploymentId value
};

struct StageConfig {
  std::string name;
  std::map<std::string, std::string> variables;
  std::optional<Throttle> throttling;
  std::map<std::string, MethodSetting> method_settings;
  bool cache_enabled = false;
  double cache_size_gb = 0.5;
  /// accessLogSettings.format (or the older accessLogFormat string): a $context format or a
  /// preset name (CLF, JSON, XML, CSV); "" = no access log of its own for this stage.
  std::string access_log_format;
  /// accessLogSettings.destination: "stdout" (default), "stderr" or a file path as written
  /// (relative to the spec's directory).
  std::string access_log_destination;
  SourceLoc access_log_format_where;  ///< the format value, for unknown-variable warnings
  SourceLoc access_log_destination_where;  ///< the destination value (a file gw cannot open)
  std::optional<Canary> canary;
  /// tracingEnabled (Stage.tracingEnabled): X-Ray active tracing; gw sends the stage's segments
  /// to the X-Ray daemon address (core/observe/xray_segment.h).
  bool tracing_enabled = false;
  SourceLoc where;
};

struct FunctionConfig {
  std::string name;
  std::string runtime;      ///< python3.13, nodejs20.x, provided, ...
  std::string handler;      ///< module.function
  std::string code_uri;     ///< relative to the spec
  int timeout_seconds = 3;
  int memory_mb = 128;
  int reserved_concurrency = 0;  ///< reservedConcurrency: at most this many at once (0 = gw's default)
  /// provisionedConcurrency: workers started before the first invocation and kept when idle.
  int provisioned_concurrency = 0;
  std::map<std::string, std::string> environment;
  std::string url;          ///< an invoke endpoint instead of local code
  /// Asynchronous invocation (Lambda's PutFunctionEventInvokeConfig): function errors retried at
  /// most this many times (0..2).
  int maximum_retry_attempts = 2;
  /// An Event older than this (60..21600 s) is discarded instead of run or retried.
  int maximum_event_age_seconds = 21600;
  /// destinations.onSuccess / onFailure: the name of another x-gw.functions entry (a Lambda ARN
  /// is reduced to its function name), or an SQS/SNS/EventBridge/S3 ARN (accepted, not
  /// emulated); "" for none.
  std::string on_success;
  std::string on_failure;
  SourceLoc where;
};

struct Quota {
  long long limit = 0;
  long long offset = 0;
  std::string period = "DAY";  ///< DAY | WEEK | MONTH
};

struct UsagePlan {
  std::string name;
  std::optional<Throttle> throttle;
  std::optional<Quota> quota;
  std::vector<std::string> stages;
  std::map<std::string, Throttle> method_throttles;  ///< "/path/GET" -> throttle
  SourceLoc where;
};

struct ApiKey {
  std::string name;
  std::string value;
  bool enabled = true;
  std::vector<std::string> usage_plans;
  SourceLoc where;
};

/// The Amazon Cognito identity behind a SigV4 caller's credentials (x-gw.identities.X.cognito):
/// credentials an identity pool vends for one of its identities, which API Gateway reports in
/// $context.identity.cognito* (only for requests signed with such credentials).
struct CognitoCaller {
  std::string identity_id;       ///< "us-east-1:0b4f..."
  std::string identity_pool_id;  ///< "us-east-1:7c1d..."
  std::string authentication_type = "authenticated";  ///< or "unauthenticated"
  /// e.g. "cognito-idp.us-east-1.amazonaws.com/us-east-1_x,cognito-idp.us-east-1.amazonaws.com/
  /// us-east-1_x:CognitoSignIn:<sub>"; "" for unauthenticated identities.
  std::string authentication_provider;
  std::string role_name;  ///< the identity pool's role the credentials are for
};

struct Identity {  ///< a SigV4 caller
  std::string name;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::vector<std::string> allow;
  std::optional<CognitoCaller> cognito;
  SourceLoc where;
};

struct UserPool {  ///< a Cognito user pool or JWT issuer
  std::string name;
  std::string issuer;
  std::string jwks;          ///< file path or loopback URL
  std::vector<std::string> audience;
  SourceLoc where;
};

struct DomainMapping {
  std::string api;    ///< "." (or empty) = this spec
  std::string stage;
  SourceLoc where;    ///< the mapping's key
};

struct Domain {
  std::string name;
  std::string certificate;
  std::string key;
  std::string certificate_arn;  ///< certificateArn: the ACM certificate the domain uses on AWS
  std::string endpoint_type = "EDGE";  ///< endpointType, upper-cased: EDGE | REGIONAL | PRIVATE
  std::string security_policy = "TLS_1_2";  ///< securityPolicy: TLS_1_0 | TLS_1_2
  SourceLoc certificate_where;      ///< the certificate value's position
  SourceLoc certificate_arn_where;  ///< the certificateArn value's position
  std::map<std::string, DomainMapping> mappings;  ///< base path -> api/stage
  std::string mtls_truststore;  ///< mtls.truststore: a PEM file, relative to the spec
  SourceLoc mtls_where;         ///< the truststore value's position
  SourceLoc where;
};

/// One route of a WebSocket API (x-gw.routes.KEY, or an AWS::ApiGatewayV2::Route with its
/// Integration and RouteResponse).
struct WebSocketRoute {
  std::string route_key;                  ///< "$connect", "$disconnect", "$default", "sendmessage"
  std::string integration_type = "MOCK";  ///< AWS_PROXY | MOCK (upper-case)
  /// AWS_PROXY: the function (a name of x-gw.functions, a function ARN or an integration ARN).
  std::string integration_uri;
  bool route_response = false;  ///< two-way: a $default route response sends the answer back
  std::string mock_response;    ///< MOCK, two-way: the message sent back
  int timeout_ms = 29000;       ///< timeoutInMillis (50..29000)
  SourceLoc where;
};

/// The x-gw block.
struct GwConfig {
  std::string api_type;  ///< REST | HTTP | WEBSOCKET, "" = infer
  std::vector<StageConfig> stages;
  std::map<std::string, FunctionConfig> functions;
  std::map<std::string, UsagePlan> usage_plans;
  std::map<std::string, ApiKey> api_keys;
  std::map<std::string, Identity> identities;
  std::map<std::string, UserPool> user_pools;
  std::map<std::string, std::string> vpc_links;  ///< VPC link id -> loopback URL
  /// accountThrottling: the account-level limit (API Gateway's default 10 000 / 5 000 otherwise).
  std::optional<Throttle> account_throttle;
  std::string aws_services_endpoint;
  std::string aws_services_access_key_id;      ///< awsServices.accessKeyId (else $AWS_ACCESS_KEY_ID)
  std::string aws_services_secret_access_key;  ///< awsServices.secretAccessKey
  std::string aws_services_session_token;      ///< awsServices.sessionToken
  std::map<std::string, std::string> runtimes;   ///< runtime -> interpreter path
  std::map<std::string, Domain> domains;
  /// WebSocket APIs: routeSelectionExpression and routes (in document order).
  std::string route_selection_expression;
  std::vector<WebSocketRoute> routes;
  SourceLoc where;
};

}  // namespace gw::model
