#include "core/pipeline/exchange.h"

#include <cstdint>

#include "core/base/json_writer.h"

namespace gw::pipeline {

namespace {

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::string base36(uint64_t v, size_t length) {
  constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(length, '0');
  for (size_t i = 0; i < length; ++i) {
    out[i] = kDigits[v % 36];
    v /= 36;
  }
  return out;
}

}  // namespace

std::string derive_api_id(std::string_view title) { return base36(fnv1a(title), 10); }

std::string_view deployment_id_of(const model::Api& api) {
  return api.deployment_id.empty() ? std::string_view("gwlocal") : api.deployment_id;
}

std::string derive_resource_id(std::string_view resource_path) {
  return base36(fnv1a(resource_path), 6);
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_string(out, s);
  return out;
}

Exchange::Exchange(const Request& req, const GatewayShared& sh, bool tracing)
    : request(req), shared(sh), api(*sh.api), tracing_(tracing) {
  started = sh.clock->monotonic();
  auto now = sh.clock->now();
  context.request_id = make_uuid(*sh.random);
  context.extended_request_id = make_extended_id(*sh.random);
  if (api.type == model::ApiType::Http) {
    // HTTP APIs have one id: $context.requestId is the apigw-requestid value (fact 24), as in
    // the Lambda event ("requestId": "JKJaXmPLvHcESHA=", AWS Lambda Developer Guide,
    // services-apigateway) and the access log ("$context.extendedRequestId: equivalent to
    // $context.requestId", http-api-logging-variables). The UUID is still drawn: the random
    // sequence, and so replay, stays as it was.
    context.request_id = context.extended_request_id;
  }
  // Drawn after the request ids, for every request, so the random sequence does not depend on
  // what the client sent.
  std::string root = observe::new_trace_root(*sh.random, now);
  std::string segment = observe::new_segment_id(*sh.random);
  trace_context = observe::make_trace_context(req.headers.get("X-Amzn-Trace-Id"), std::move(root),
                                              std::move(segment));
  context.request_time = format_clf_time(now);
  context.request_time_epoch = epoch_ms(now);
  context.http_method = req.method;
  context.path = req.path;
  context.api_id = sh.api_id;
  // The name alone: a local Host carries the port (localhost:3000), API Gateway's never does.
  const std::string_view host = req.headers.get("Host").value_or("localhost");
  const size_t colon = host.rfind(':');
  const bool has_port = colon != std::string_view::npos &&
                        host.find(']', colon) == std::string_view::npos &&
                        (host.front() == '[' || host.find(':') == colon);
  context.domain_name = std::string(has_port ? host.substr(0, colon) : host);
  context.domain_prefix = context.domain_name.substr(0, context.domain_name.find('.'));
  context.protocol = req.protocol;
  context.source_ip = req.source_ip;
  if (!req.client_cert_pem.empty()) {
    context.identity.client_cert = crypto::describe_certificate(req.client_cert_pem);
  }
  auto ua = req.headers.get("User-Agent");
  context.user_agent = ua ? std::string(*ua) : "";
}

Flow Exchange::respond(GatewayResponseType type, std::string detail, int default_status) {
  context.error_response_type = std::string(to_string(type));
  std::string_view fallback =
      api.type == model::ApiType::Http ? http_api_answer(type).second : defaults_of(type).message;
  context.error_message = detail.empty() ? std::string(fallback) : std::move(detail);
  context.error_message_null = context.error_message.empty() && api.type != model::ApiType::Http;
  trace("gateway-response: ", context.error_response_type, " (", context.error_message, ")");
  response = shared.responses->build(type, default_status, *this);
  has_response = true;
  return Flow::Respond;
}

Flow Exchange::respond_fixed(int status, std::string_view message, std::string_view error_type) {
  context.error_message = std::string(message);
  Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  if (!error_type.empty()) {
    r.headers.add("x-amzn-ErrorType", std::string(error_type));
  }
  r.body = "{\"message\":" + json_quote(message) + "}";
  return respond_with(std::move(r));
}

Flow Exchange::respond_with(Response r) {
  response = std::move(r);
  has_response = true;
  return Flow::Respond;
}

const std::string* Exchange::stage_variable(std::string_view name) const {
  if (stage_variables == nullptr) {
    return nullptr;
  }
  auto it = stage_variables->find(std::string(name));
  return it == stage_variables->end() ? nullptr : &it->second;
}

const std::string* Exchange::path_param(std::string_view name) const {
  if (!route) {
    return nullptr;
  }
  for (const auto& [k, v] : route->path_params) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

std::optional<std::string> Exchange::context_value(std::string_view name) const {
  const Context& c = context;
  if (name == "requestId" || name == "awsEndpointRequestId") {
    return c.request_id;
  }
  if (name == "extendedRequestId") {
    return c.extended_request_id;
  }
  if (name == "xrayTraceId") {
    return c.xray_trace_id;
  }
  if (name == "requestTime") {
    return c.request_time;
  }
  if (name == "requestTimeEpoch") {
    return std::to_string(c.request_time_epoch);
  }
  if (name == "httpMethod") {
    return c.http_method;
  }
  if (name == "path") {
    return c.path;
  }
  if (name == "resourcePath") {
    return c.resource_path;
  }
  if (name == "resourceId") {
    return c.resource_id;
  }
  if (name == "routeKey") {
    return c.route_key;
  }
  if (name == "stage") {
    return c.stage;
  }
  if (name == "apiId") {
    return c.api_id;
  }
  if (name == "deploymentId") {
    return std::string(deployment_id_of(api));
  }
  if (name == "isCanaryRequest") {
    if (!c.is_canary_request) {
      return std::nullopt;  // present only when the stage has a canary (AWS)
    }
    return std::string(*c.is_canary_request ? "true" : "false");
  }
  if (name == "accountId") {
    return c.account_id;
  }
  if (name == "domainName") {
    return c.domain_name;
  }
  if (name == "domainPrefix") {
    return c.domain_prefix;
  }
  if (name == "protocol") {
    return c.protocol;
  }
  if (name == "identity.sourceIp") {
    return c.source_ip;
  }
  if (name == "identity.userAgent") {
    return c.user_agent;
  }
  if (name.starts_with("identity.")) {
    return identity_value(name.substr(9));
  }
  if (name.starts_with("authorizer.")) {
    return authorizer_value(name.substr(11));
  }
  if (name == "error.validationErrorString") {
    return c.error_validation_string;
  }
  if (name == "error.message") {
    return c.error_message;
  }
  if (name == "error.messageString") {
    return c.error_message_null ? std::string("null") : json_quote(c.error_message);
  }
  if (name == "error.responseType") {
    return c.error_response_type;
  }
  return std::nullopt;
}

std::optional<std::string> Exchange::identity_value(std::string_view key) const {
  const ContextIdentity& i = context.identity;
  if (key.starts_with("clientCert.")) {
    if (!i.client_cert) {
      return std::nullopt;
    }
    const crypto::CertificateInfo& c = *i.client_cert;
    const std::string_view field = key.substr(11);
    if (field == "clientCertPem") {
      return c.pem;
    }
    if (field == "subjectDN") {
      return c.subject_dn;
    }
    if (field == "issuerDN") {
      return c.issuer_dn;
    }
    if (field == "serialNumber") {
      return c.serial_number;
    }
    if (field == "validity.notBefore") {
      return c.not_before;
    }
    if (field == "validity.notAfter") {
      return c.not_after;
    }
    return std::nullopt;
  }
  static constexpr std::pair<std::string_view, std::string ContextIdentity::*> kFields[] = {
      {"apiKey", &ContextIdentity::api_key},
      {"apiKeyId", &ContextIdentity::api_key_id},
      {"caller", &ContextIdentity::caller},
      {"user", &ContextIdentity::user},
      {"userArn", &ContextIdentity::user_arn},
      {"accessKey", &ContextIdentity::access_key},
      {"accountId", &ContextIdentity::account_id},
      {"principalOrgId", &ContextIdentity::principal_org_id},
      {"cognitoIdentityId", &ContextIdentity::cognito_identity_id},
      {"cognitoIdentityPoolId", &ContextIdentity::cognito_identity_pool_id},
      {"cognitoAuthenticationType", &ContextIdentity::cognito_authentication_type},
      {"cognitoAuthenticationProvider", &ContextIdentity::cognito_authentication_provider},
  };
  for (const auto& [k, field] : kFields) {
    if (k == key) {
      return i.*field;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Exchange::authorizer_value(std::string_view key) const {
  const AuthorizerResult& a = context.authorizer;
  if (key == "principalId") {
    return a.principal_id;
  }
  if (key == "integrationLatency") {
    return std::to_string(a.latency_ms);
  }
  for (const auto& [k, v] : a.context) {
    if (k == key) {
      return v;
    }
  }
  return std::nullopt;
}

std::string Exchange::substitute_stage_variables(std::string_view text) const {
  constexpr std::string_view kOpen = "${stageVariables.";
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = text.find(kOpen, pos);
    size_t close = at == std::string_view::npos ? at : text.find('}', at);
    if (close == std::string_view::npos) {
      out.append(text.substr(pos));
      return out;
    }
    out.append(text.substr(pos, at - pos));
    const std::string* v =
        stage_variable(text.substr(at + kOpen.size(), close - at - kOpen.size()));
    if (v != nullptr) {
      out += *v;
    }
    pos = close + 1;
  }
}

}  // namespace gw::pipeline
