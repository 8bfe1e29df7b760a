#include "core/auth/lambda_authorizer.h"

#include <nlohmann/json.hpp>

#include "core/integrations/lambda_event.h"
#include "core/pipeline/exchange.h"

namespace gw::auth {

namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json without_body(std::string event) {
  json j = json::parse(event, nullptr, false);
  if (j.is_object()) {
    j.erase("body");
    j.erase("isBase64Encoded");
  }
  return j;
}

// Fact 54: REST context values are stringified; objects and arrays are refused.
Result<bool> read_context(const json& ctx, bool http_api, LambdaAuthOutput& out) {
  if (ctx.is_null()) {
    return true;
  }
  if (!ctx.is_object()) {
    return fail(ErrorKind::Failure, "authorizer context is not an object");
  }
  for (const auto& [key, value] : ctx.items()) {
    if (!http_api && (value.is_object() || value.is_array())) {
      return fail(ErrorKind::Failure, "authorizer context value '" + key +
                                          "' is an object or array (REST allows only "
                                          "strings, numbers and booleans)");
    }
    out.context.emplace_back(key, value.is_string() ? value.get<std::string>()
                                  : value.is_null() ? std::string()
                                                    : dump(value));
  }
  out.context_json = dump(ctx);
  return true;
}

}  // namespace

std::string token_event(std::string_view token, std::string_view method_arn) {
  return dump(json{{"type", "TOKEN"},
                   {"authorizationToken", std::string(token)},
                   {"methodArn", std::string(method_arn)}});
}

std::string rest_request_event(const pipeline::Exchange& ex, std::string_view method_arn) {
  json j = without_body(integrations::lambda_event_v1(ex, false));
  j["type"] = "REQUEST";
  j["methodArn"] = std::string(method_arn);
  return dump(j);
}

std::string http_request_event(const pipeline::Exchange& ex, std::string_view route_arn,
                               const std::vector<std::string>& identity, bool v2) {
  json j = without_body(v2 ? integrations::lambda_event_v2(ex)
                           : integrations::lambda_event_v1(ex, true));
  j["type"] = "REQUEST";
  if (v2) {
    j["routeArn"] = std::string(route_arn);
    j["identitySource"] = identity;
  } else {
    std::string joined;
    for (const std::string& v : identity) {
      if (!joined.empty()) {
        joined.push_back(',');
      }
      joined.append(v);
    }
    j["methodArn"] = std::string(route_arn);
    j["identitySource"] = joined;
    j["authorizationToken"] = joined;
  }
  return dump(j);
}

Result<LambdaAuthOutput> parse_lambda_auth_output(std::string_view payload, bool http_api,
                                                  bool simple) {
  json j = json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorKind::Failure, "authorizer answer is not a JSON object");
  }
  LambdaAuthOutput out;
  if (simple && j.contains("isAuthorized")) {
    if (!j["isAuthorized"].is_boolean()) {
      return fail(ErrorKind::Failure, "isAuthorized is not a boolean");
    }
    out.simple = true;
    out.is_authorized = j["isAuthorized"].get<bool>();
    GW_TRY(read_context(j.value("context", json()), true, out));
    return out;
  }
  if (!j.contains("policyDocument")) {
    return fail(ErrorKind::Failure, simple ? "authorizer answer has neither isAuthorized nor "
                                             "policyDocument"
                                           : "authorizer answer has no policyDocument");
  }
  const json& pid = j.value("principalId", json());
  if (!http_api && !pid.is_string()) {
    return fail(ErrorKind::Failure, "authorizer answer has no principalId string");
  }
  out.principal_id = pid.is_string() ? pid.get<std::string>() : "";
  auto policy = parse_policy(dump(j["policyDocument"]));
  if (!policy) {
    return fail(ErrorKind::Failure, "invalid policyDocument: " + policy.error().message);
  }
  out.policy = std::move(*policy);
  GW_TRY(read_context(j.value("context", json()), http_api, out));
  if (j.contains("usageIdentifierKey") && j["usageIdentifierKey"].is_string()) {
    out.usage_identifier_key = j["usageIdentifierKey"].get<std::string>();
  }
  return out;
}

bool is_unauthorized_error(std::string_view payload) {
  json j = json::parse(payload, nullptr, false);
  if (j.is_string()) {
    return j.get<std::string>() == "Unauthorized";
  }
  return j.is_object() && j.value("errorMessage", json()) == json("Unauthorized");
}

}  // namespace gw::auth
