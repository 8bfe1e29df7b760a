#include "core/integrations/lambda_event.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "core/base/base64.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

// The events are written with JsonWriter rather than built as nlohmann DOMs: a DOM costs an
// allocation per key and value, and the event is built on every proxy invocation. Only the
// authorizer parts (present when an authorizer ran) still go through nlohmann.

namespace gw::integrations {

namespace {

using nlohmann::json;

// Fact 13: Authorization and User-Agent arrive canonicalised, other names as sent.
std::string_view v1_header_name(std::string_view name) {
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

// A string field, or null when it is empty.
void string_or_null(JsonWriter& w, std::string_view key, std::string_view value) {
  w.key(key);
  if (value.empty()) {
    w.null();
  } else {
    w.string(value);
  }
}

void put_body(JsonWriter& w, const pipeline::Exchange& ex, bool omit_when_empty) {
  const std::string& body = ex.request.body;
  const bool binary = !body.empty() && is_binary(ex);
  if (!body.empty()) {
    w.key("body").string(binary ? base64_encode(body) : body);
  } else if (!omit_when_empty) {
    w.key("body").null();
  }
  w.key("isBase64Encoded").boolean(binary);
}

// The gateway's X-Amzn-Trace-Id (core/observe/trace.h) replaces the client's in every event
// (fact 13: events carry X-Amzn-Trace-Id).
constexpr std::string_view kTraceHeader = "X-Amzn-Trace-Id";

// Name → values in first-seen order; headers and query strings are short, so a linear search
// beats a map's allocations.
template <class Value>
struct Grouped {
  std::vector<std::pair<std::string_view, std::vector<Value>>> groups;
  void add(std::string_view name, Value value) {
    for (auto& [n, values] : groups) {
      if (n == name) {
        values.push_back(std::move(value));
        return;
      }
    }
    groups.push_back({name, {std::move(value)}});
  }
};

// Payload 1.0: {name: last value} under `single`, {name: [every value]} under `multi`, both
// null when there are none (facts 8, 9).
void put_single_and_multi(JsonWriter& w, const Grouped<std::string_view>& g,
                          std::string_view single, std::string_view multi) {
  if (g.groups.empty()) {
    w.key(single).null().key(multi).null();
    return;
  }
  w.key(single).begin_object();
  for (const auto& [name, values] : g.groups) {
    w.key(name).string(values.back());
  }
  w.end_object().key(multi).begin_object();
  for (const auto& [name, values] : g.groups) {
    w.key(name).begin_array();
    for (std::string_view v : values) {
      w.string(v);
    }
    w.end_array();
  }
  w.end_object();
}

// Payload 2.0: {name: "v1,v2"} (fact 62).
void put_comma_joined(JsonWriter& w, std::string_view key, const Grouped<std::string_view>& g) {
  w.key(key).begin_object();
  std::string joined;
  for (const auto& [name, values] : g.groups) {
    joined.assign(values.front());
    for (std::size_t i = 1; i < values.size(); ++i) {
      joined += ',';
      joined += values[i];
    }
    w.key(name).string(joined);
  }
  w.end_object();
}

bool has_path_parameters(const pipeline::Exchange& ex) {
  return ex.route && !ex.route->path_params.empty();
}

bool has_stage_variables(const pipeline::Exchange& ex) {
  return ex.stage_variables != nullptr && !ex.stage_variables->empty();
}

// key: {name: value, ...} from (name, value) pairs.
template <class Pairs>
void put_string_object(JsonWriter& w, std::string_view key, const Pairs& pairs) {
  w.key(key).begin_object();
  for (const auto& [name, value] : pairs) {
    w.key(name).string(value);
  }
  w.end_object();
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

void put_authorizer(JsonWriter& w, const json& authorizer) {
  if (!authorizer.is_null()) {  // fact 11: only when an authorizer ran
    w.key("authorizer").raw(authorizer.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

// The clientCert object of mTLS requests (REST identity.clientCert, HTTP APIs'
// authentication.clientCert: AWS, "rest-api-mutual-tls" / "http-api-mutual-tls").
void put_client_cert(JsonWriter& w, const crypto::CertificateInfo& c) {
  w.key("clientCert").begin_object();
  w.key("clientCertPem").string(c.pem);
  w.key("subjectDN").string(c.subject_dn).key("issuerDN").string(c.issuer_dn);
  w.key("serialNumber").string(c.serial_number);
  w.key("validity").begin_object();
  w.key("notBefore").string(c.not_before).key("notAfter").string(c.not_after);
  w.end_object();
  w.end_object();
}

// requestContext.identity: every key present; the caller fields the authorization steps
// filled (SigV4, API keys), null for the others (fact 12).
void put_identity_v1(JsonWriter& w, const pipeline::Exchange& ex) {
  const pipeline::ContextIdentity& i = ex.context.identity;
  w.key("identity").begin_object();
  string_or_null(w, "accessKey", i.access_key);
  string_or_null(w, "accountId", i.account_id);
  string_or_null(w, "caller", i.caller);
  string_or_null(w, "cognitoAuthenticationProvider", i.cognito_authentication_provider);
  string_or_null(w, "cognitoAuthenticationType", i.cognito_authentication_type);
  string_or_null(w, "cognitoIdentityId", i.cognito_identity_id);
  string_or_null(w, "cognitoIdentityPoolId", i.cognito_identity_pool_id);
  string_or_null(w, "principalOrgId", i.principal_org_id);
  w.key("sourceIp").string(ex.context.source_ip);
  string_or_null(w, "user", i.user);
  w.key("userAgent").string(ex.context.user_agent);
  string_or_null(w, "userArn", i.user_arn);
  if (!i.api_key.empty()) {
    w.key("apiKey").string(i.api_key).key("apiKeyId").string(i.api_key_id);
  }
  if (i.client_cert) {
    put_client_cert(w, *i.client_cert);
  }
  w.end_object();
}

void put_request_context_v1(JsonWriter& w, const pipeline::Exchange& ex, bool http_api) {
  const pipeline::Context& c = ex.context;
  w.key("requestContext").begin_object();
  w.key("accountId").string(c.account_id).key("apiId").string(c.api_id);
  put_authorizer(w, authorizer_v1(ex, http_api));
  w.key("deploymentId").string(pipeline::deployment_id_of(ex.api));
  w.key("domainName").string(c.domain_name).key("domainPrefix").string(c.domain_prefix);
  w.key("extendedRequestId").string(c.extended_request_id);
  w.key("httpMethod").string(c.http_method);
  put_identity_v1(w, ex);
  w.key("path").string(c.path).key("protocol").string(c.protocol);
  w.key("requestId").string(c.request_id).key("requestTime").string(c.request_time);
  w.key("requestTimeEpoch").number(c.request_time_epoch);
  w.key("resourceId").string(c.resource_id).key("resourcePath").string(c.resource_path);
  if (http_api) {
    w.key("routeKey").string(c.route_key);
  }
  w.key("stage").string(c.stage);
  w.end_object();
}

void put_cookies_and_headers_v2(JsonWriter& w, const pipeline::Exchange& ex) {
  std::vector<std::string_view> cookies;
  std::vector<std::string> names;  // the lower-cased names the groups point into
  names.reserve(ex.request.headers.entries().size());
  Grouped<std::string_view> headers;
  for (const auto& [name, value] : ex.request.headers) {
    if (iequals(name, "Cookie")) {
      for (std::string_view piece : split(value, ';')) {
        if (!trim(piece).empty()) {
          cookies.push_back(trim(piece));
        }
      }
      continue;
    }
    if (iequals(name, kTraceHeader)) {
      continue;  // replaced by the gateway's below
    }
    names.push_back(to_lower(name));  // reserved: no reallocation moves the names
    headers.add(names.back(), value);
  }
  const std::string trace = ex.trace_context.value();
  headers.add("x-amzn-trace-id", trace);
  if (!cookies.empty()) {
    w.key("cookies").begin_array();
    for (std::string_view c : cookies) {
      w.string(c);
    }
    w.end_array();
  }
  put_comma_joined(w, "headers", headers);
}

void put_request_context_v2(JsonWriter& w, const pipeline::Exchange& ex) {
  const pipeline::Context& c = ex.context;
  w.key("requestContext").begin_object();
  w.key("accountId").string(c.account_id).key("apiId").string(c.api_id);
  if (c.identity.client_cert) {
    w.key("authentication").begin_object();
    put_client_cert(w, *c.identity.client_cert);
    w.end_object();
  }
  put_authorizer(w, authorizer_v2(ex));
  w.key("domainName").string(c.domain_name).key("domainPrefix").string(c.domain_prefix);
  w.key("http").begin_object();
  w.key("method").string(c.http_method).key("path").string(ex.request.path);
  w.key("protocol").string(c.protocol).key("sourceIp").string(c.source_ip);
  w.key("userAgent").string(c.user_agent);
  w.end_object();
  w.key("requestId").string(c.request_id).key("routeKey").string(c.route_key);
  w.key("stage").string(c.stage).key("time").string(c.request_time);
  w.key("timeEpoch").number(c.request_time_epoch);
  w.end_object();
}

// Room for the event's fixed part and the body (base64 grows it by a third).
std::size_t event_size_hint(const pipeline::Exchange& ex) {
  return 2048 + ex.request.body.size() * 4 / 3;
}

}  // namespace

std::string lambda_event_v1(const pipeline::Exchange& ex, bool http_api) {
  JsonWriter w(event_size_hint(ex));
  w.begin_object();
  if (http_api) {
    w.key("version").string("1.0");
  }
  w.key("resource").string(ex.context.resource_path);
  w.key("path").string(http_api ? std::string_view(ex.request.path) : ex.path_in_stage);
  w.key("httpMethod").string(ex.request.method);
  Grouped<std::string_view> headers;
  for (const auto& [name, value] : ex.request.headers) {
    if (!iequals(name, kTraceHeader)) {
      headers.add(v1_header_name(name), value);
    }
  }
  const std::string trace = ex.trace_context.value();  // the gateway's, never the client's
  headers.add(kTraceHeader, trace);
  put_single_and_multi(w, headers, "headers", "multiValueHeaders");
  const auto pairs = parse_query(ex.request.query);
  Grouped<std::string_view> query;  // fact 8: the last value wins in the single-value map
  for (const auto& [name, value] : pairs) {
    query.add(name, value);
  }
  put_single_and_multi(w, query, "queryStringParameters", "multiValueQueryStringParameters");
  if (has_path_parameters(ex)) {
    put_string_object(w, "pathParameters", ex.route->path_params);
  } else {
    w.key("pathParameters").null();
  }
  if (has_stage_variables(ex)) {
    put_string_object(w, "stageVariables", *ex.stage_variables);
  } else {
    w.key("stageVariables").null();
  }
  put_request_context_v1(w, ex, http_api);
  put_body(w, ex, false);
  return w.end_object().take();
}

std::string lambda_event_v2(const pipeline::Exchange& ex) {
  JsonWriter w(event_size_hint(ex));
  w.begin_object();
  w.key("version").string("2.0").key("routeKey").string(ex.context.route_key);
  w.key("rawPath").string(ex.request.path).key("rawQueryString").string(ex.request.query);
  put_cookies_and_headers_v2(w, ex);
  const auto pairs = parse_query(ex.request.query);
  if (!pairs.empty()) {
    Grouped<std::string_view> query;
    for (const auto& [name, value] : pairs) {
      query.add(name, value);
    }
    put_comma_joined(w, "queryStringParameters", query);
  }
  put_request_context_v2(w, ex);
  if (has_path_parameters(ex)) {
    put_string_object(w, "pathParameters", ex.route->path_params);
  }
  if (has_stage_variables(ex)) {
    put_string_object(w, "stageVariables", *ex.stage_variables);
  }
  put_body(w, ex, true);
  return w.end_object().take();
}

}  // namespace gw::integrations
