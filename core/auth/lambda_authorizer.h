#pragma once

/// Lambda authorizers' wire formats: the events API Gateway sends them and the answers it
/// accepts.
///
/// Events: TOKEN `{type, authorizationToken, methodArn}`; REST REQUEST (the proxy event's
/// request fields plus type and methodArn, no body); HTTP API payload 1.0 (adds version,
/// identitySource and authorizationToken as comma-joined strings) and 2.0 (routeArn,
/// identitySource as an array; fact 55).
/// Answers: `{principalId, policyDocument, context, usageIdentifierKey}` (REST context values are
/// stringified and may not be objects or arrays, fact 54) or, for HTTP APIs with
/// enableSimpleResponses, `{isAuthorized, context}` (fact 56).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/policy.h"
#include "core/base/result.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::auth {

/// What a Lambda authorizer answered, parsed once and cached.
struct LambdaAuthOutput {
  bool simple = false;         ///< a simple response (HTTP APIs)
  bool is_authorized = false;  ///< simple responses only
  std::string principal_id;
  std::optional<Policy> policy;
  std::vector<std::pair<std::string, std::string>> context;  ///< stringified values
  std::string context_json;                                  ///< typed values ("" = none)
  std::string usage_identifier_key;
  /// The invocation's answer as it came (InvokeOutput), kept with a cached result so a reuse
  /// can be recorded (LambdaInvoker::answered_from_cache).
  std::string raw_payload;
  std::string raw_request_id;
};

std::string token_event(std::string_view token, std::string_view method_arn);
/// REST REQUEST authorizer event.
std::string rest_request_event(const pipeline::Exchange& ex, std::string_view method_arn);
/// HTTP API REQUEST authorizer event, payload 1.0 or 2.0.
std::string http_request_event(const pipeline::Exchange& ex, std::string_view route_arn,
                               const std::vector<std::string>& identity, bool v2);

/// Parses the function's answer. http_api: context values keep their types and may nest;
/// simple: enableSimpleResponses is on (a policy answer is still accepted). A malformed answer
/// is an error (the gateway answers 500).
Result<LambdaAuthOutput> parse_lambda_auth_output(std::string_view payload, bool http_api,
                                                  bool simple);

/// True when a function error payload is the "Unauthorized" error (401, fact 52).
bool is_unauthorized_error(std::string_view payload);

}  // namespace gw::auth
