#include "core/integrations/lambda_event.h"

#include <nlohmann/json.hpp>

#include "core/base/base64.h"
#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

namespace {

using nlohmann::json;

// Fact 13: Authorization and User-Agent arrive canonicalised, other names as sent.
std::string v1_header_name(const std::string& name) {
  if (iequals(name, "Authorization")) {
    return "Authorization";
  }
  if (iequals(name, "User-Agent")) {
    return "User-Agent";
  }
  return name;
}

bool is_binary(const pipeline::Exchange& ex) {
  auto ct = ex.request.headers.get("Content-Type");
  return ct && is_binary_media_type(*ct, ex.api.binary_media_types);
}

void put_body(json& event, const pipeline::Exchange& ex, bool omit_when_empty) {
  const std::string& body = ex.request.body;
  bool binary = !body.empty() && is_binary(ex);
  if (body.empty()) {
    if (!omit_when_empty) {
      event["body"] = nullptr;
    }
  } else {
    event["body"] = binary ? base64_encode(body) : body;
  }
  event["isBase64Encoded"] = binary;
}

json path_parameters(const pipeline::Exchange& ex) {
  if (!ex.route || ex.route->path_params.empty()) {
    return nullptr;
  }
  json out = json::object();
  for (const auto& [name, value] : ex.route->path_params) {
    out[name] = value;
  }
  return out;
}

json stage_variables(const pipeline::Exchange& ex) {
  if (ex.stage_variables == nullptr || ex.stage_variables->empty()) {
    return nullptr;
  }
  return json(*ex.stage_variables);
}

// Caller fields the authorization steps filled (SigV4, API keys); null otherwise (fact 12).
void put_caller_identity(json& id, const pipeline::Exchange& ex) {
  const pipeline::ContextIdentity& i = ex.context.identity;
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"accessKey", &i.access_key},
        {"accountId", &i.account_id},
        {"caller", &i.caller},
        {"user", &i.user},
        {"userArn", &i.user_arn},
        {"principalOrgId", &i.principal_org_id},
        {"cognitoIdentityId", &i.cognito_identity_id},
        {"cognitoIdentityPoolId", &i.cognito_identity_pool_id},
        {"cognitoAuthenticationType", &i.cognito_authentication_type},
        {"cognitoAuthenticationProvider", &i.cognito_authentication_provider}}) {
    if (!value->empty()) {
      id[key] = *value;
    }
  }
  if (!i.api_key.empty()) {
    id["apiKey"] = i.api_key;
    id["apiKeyId"] = i.api_key_id;
  }
}

json parsed_object(const std::string& text) {
  json j = text.empty() ? json::object() : json::parse(text, nullptr, false);
  return j.is_object() ? j : json::object();
}

// Payload 1.0 requestContext.authorizer: Lambda {principalId, integrationLatency, context...}
// (REST values stringified, fact 54); Cognito {claims}; JWT (HTTP 1.0) {claims, scopes}.
json authorizer_v1(const pipeline::Exchange& ex, bool http_api) {
  const pipeline::AuthorizerResult& a = ex.context.authorizer;
  if (a.kind == "lambda") {
    json out = http_api ? parsed_object(a.context_json) : json::object();
    if (!http_api) {
      for (const auto& [k, v] : a.context) {
        out[k] = v;
      }
    }
    out["principalId"] = a.principal_id;
    out["integrationLatency"] = a.latency_ms;
    return out;
  }
  if (a.kind == "cognito" || a.kind == "jwt") {
    json claims = json::object();
    const json parsed = parsed_object(a.claims_json);
    for (const auto& [k, v] : parsed.items()) {
      claims[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    json out = {{"claims", claims}};
    if (a.kind == "jwt") {
      out["scopes"] = a.scopes.empty() ? json(nullptr) : json(a.scopes);
    }
    return out;
  }
  return nullptr;
}

// Payload 2.0 requestContext.authorizer: {jwt: {claims, scopes}} | {lambda: {...}} | {iam: {...}}.
json authorizer_v2(const pipeline::Exchange& ex) {
  const pipeline::AuthorizerResult& a = ex.context.authorizer;
  if (a.kind == "jwt" || a.kind == "cognito") {
    return {{"jwt",
             {{"claims", parsed_object(a.claims_json)},
              {"scopes", a.scopes.empty() ? json(nullptr) : json(a.scopes)}}}};
  }
  if (a.kind == "lambda") {
    return {{"lambda", parsed_object(a.context_json)}};
  }
  if (a.kind == "iam") {
    const pipeline::ContextIdentity& i = ex.context.identity;
    return {{"iam",
             {{"accessKey", i.access_key},
              {"accountId", i.account_id},
              {"callerId", i.caller},
              {"cognitoIdentity", nullptr},
              {"principalOrgId", nullptr},
              {"userArn", i.user_arn},
              {"userId", i.user}}}};
  }
  return nullptr;
}

json identity_v1(const pipeline::Exchange& ex) {
  json id = json::object();
  for (const char* key : {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                          "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
                          "principalOrgId"}) {
    id[key] = nullptr;
  }
  id["sourceIp"] = ex.context.source_ip;
  id["user"] = nullptr;
  id["userAgent"] = ex.context.user_agent;
  id["userArn"] = nullptr;
  put_caller_identity(id, ex);
  return id;
}

json request_context_v1(const pipeline::Exchange& ex, bool http_api) {
  const pipeline::Context& c = ex.context;
  json rc = {{"accountId", c.account_id},
             {"apiId", c.api_id},
             {"deploymentId", pipeline::deployment_id_of(ex.api)},
             {"domainName", c.domain_name},
             {"domainPrefix", c.domain_prefix},
             {"extendedRequestId", c.extended_request_id},
             {"httpMethod", c.http_method},
             {"identity", identity_v1(ex)},
             {"path", c.path},
             {"protocol", c.protocol},
             {"requestId", c.request_id},
             {"requestTime", c.request_time},
             {"requestTimeEpoch", c.request_time_epoch},
             {"resourceId", c.resource_id},
             {"resourcePath", c.resource_path},
             {"stage", c.stage}};
  if (http_api) {
    rc["routeKey"] = c.route_key;
  }
  if (json a = authorizer_v1(ex, http_api); !a.is_null()) {
    rc["authorizer"] = std::move(a);  // fact 11: only when an authorizer ran
  }
  return rc;
}

void put_headers_v1(json& event, const pipeline::Exchange& ex) {
  json single = json::object();
  json multi = json::object();
  for (const auto& [name, value] : ex.request.headers) {
    std::string key = v1_header_name(name);
    single[key] = value;
    multi[key].push_back(value);
  }
  event["headers"] = single.empty() ? json(nullptr) : single;
  event["multiValueHeaders"] = multi.empty() ? json(nullptr) : multi;
}

void put_query_v1(json& event, const pipeline::Exchange& ex) {
  auto pairs = parse_query(ex.request.query);
  if (pairs.empty()) {
    event["queryStringParameters"] = nullptr;
    event["multiValueQueryStringParameters"] = nullptr;
    return;
  }
  json single = json::object();
  json multi = json::object();
  for (const auto& [name, value] : pairs) {
    single[name] = value;  // fact 8: the last value wins
    multi[name].push_back(value);
  }
  event["queryStringParameters"] = single;
  event["multiValueQueryStringParameters"] = multi;
}

}  // namespace

std::string lambda_event_v1(const pipeline::Exchange& ex, bool http_api) {
  json event = json::object();
  if (http_api) {
    event["version"] = "1.0";
  }
  event["resource"] = ex.context.resource_path;
  event["path"] = http_api ? ex.request.path : std::string(ex.path_in_stage);
  event["httpMethod"] = ex.request.method;
  put_headers_v1(event, ex);
  put_query_v1(event, ex);
  event["pathParameters"] = path_parameters(ex);
  event["stageVariables"] = stage_variables(ex);
  event["requestContext"] = request_context_v1(ex, http_api);
  put_body(event, ex, false);
  return event.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string lambda_event_v2(const pipeline::Exchange& ex) {
  const pipeline::Context& c = ex.context;
  json event = {{"version", "2.0"},
                {"routeKey", c.route_key},
                {"rawPath", ex.request.path},
                {"rawQueryString", ex.request.query}};
  json cookies = json::array();
  json headers = json::object();
  for (const auto& [name, value] : ex.request.headers) {
    if (iequals(name, "Cookie")) {
      for (std::string_view piece : split(value, ';')) {
        if (!trim(piece).empty()) {
          cookies.push_back(std::string(trim(piece)));
        }
      }
      continue;
    }
    std::string key = to_lower(name);
    if (headers.contains(key)) {
      headers[key] = headers[key].get<std::string>() + "," + value;
    } else {
      headers[key] = value;
    }
  }
  if (!cookies.empty()) {
    event["cookies"] = cookies;
  }
  event["headers"] = headers;
  auto pairs = parse_query(ex.request.query);
  if (!pairs.empty()) {
    json query = json::object();
    for (const auto& [name, value] : pairs) {
      query[name] = query.contains(name) ? query[name].get<std::string>() + "," + value : value;
    }
    event["queryStringParameters"] = query;
  }
  json http = {{"method", c.http_method},
               {"path", ex.request.path},
               {"protocol", c.protocol},
               {"sourceIp", c.source_ip},
               {"userAgent", c.user_agent}};
  event["requestContext"] = {
      {"accountId", c.account_id},        {"apiId", c.api_id}, {"domainName", c.domain_name},
      {"domainPrefix", c.domain_prefix},  {"http", http},      {"requestId", c.request_id},
      {"routeKey", c.route_key},          {"stage", c.stage},  {"time", c.request_time},
      {"timeEpoch", c.request_time_epoch}};
  if (json a = authorizer_v2(ex); !a.is_null()) {
    event["requestContext"]["authorizer"] = std::move(a);
  }
  if (json p = path_parameters(ex); !p.is_null()) {
    event["pathParameters"] = p;
  }
  if (json v = stage_variables(ex); !v.is_null()) {
    event["stageVariables"] = v;
  }
  put_body(event, ex, true);
  return event.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gw::integrations
