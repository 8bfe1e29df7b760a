#include "core/integrations/lambda_event.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/lambda/base64.h"
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

bool media_type_matches(std::string_view pattern, std::string_view type) {
  if (pattern == "*/*") {
    return true;
  }
  if (pattern.ends_with("/*")) {
    return starts_with_icase(type, pattern.substr(0, pattern.size() - 1));
  }
  return iequals(pattern, type);
}

bool is_binary(const pipeline::Exchange& ex) {
  auto ct = ex.request.headers.get("Content-Type");
  if (!ct || ex.api.binary_media_types.empty()) {
    return false;
  }
  std::string_view type = trim(ct->substr(0, ct->find(';')));
  for (const std::string& pattern : ex.api.binary_media_types) {
    if (media_type_matches(pattern, type)) {
      return true;
    }
  }
  return false;
}

void put_body(json& event, const pipeline::Exchange& ex, bool omit_when_empty) {
  const std::string& body = ex.request.body;
  bool binary = !body.empty() && is_binary(ex);
  if (body.empty()) {
    if (!omit_when_empty) {
      event["body"] = nullptr;
    }
  } else {
    event["body"] = binary ? lambda::base64_encode(body) : body;
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
  return id;
}

json request_context_v1(const pipeline::Exchange& ex, bool http_api) {
  const pipeline::Context& c = ex.context;
  json rc = {{"accountId", c.account_id},
             {"apiId", c.api_id},
             {"deploymentId", "gwlocal"},
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
