#include "openapi/extensions.h"

#include <array>

#include "core/base/strings.h"

namespace gw::openapi {
namespace {

constexpr std::array<std::string_view, 22> kExtensions = {
    "x-amazon-apigateway-any-method",
    "x-amazon-apigateway-api-key-source",
    "x-amazon-apigateway-auth",
    "x-amazon-apigateway-authorizer",
    "x-amazon-apigateway-authtype",
    "x-amazon-apigateway-binary-media-types",
    "x-amazon-apigateway-documentation",
    "x-amazon-apigateway-endpoint-configuration",
    "x-amazon-apigateway-gateway-responses",
    "x-amazon-apigateway-importexport-version",
    "x-amazon-apigateway-integration",
    "x-amazon-apigateway-integrations",
    "x-amazon-apigateway-minimum-compression-size",
    "x-amazon-apigateway-policy",
    "x-amazon-apigateway-request-validator",
    "x-amazon-apigateway-request-validators",
    "x-amazon-apigateway-tag-value",
    "x-amazon-apigateway-cors",
    "x-amazon-apigateway-route-selection-expression",
    "x-amazon-apigateway-api-key-selection-expression",
    "x-amazon-apigateway-disable-execute-api-endpoint",
    "x-amazon-apigateway-security-policy",
};

constexpr std::array<std::string_view, 18> kIntegrationKeys = {
    "type", "uri", "httpMethod", "connectionType", "connectionId", "credentials",
    "requestParameters", "requestTemplates", "passthroughBehavior", "contentHandling",
    "timeoutInMillis", "cacheKeyParameters", "cacheNamespace", "responses",
    "payloadFormatVersion", "integrationSubtype", "tlsConfig", "responseParameters"};

constexpr std::array<std::string_view, 4> kResponseKeys = {
    "statusCode", "responseParameters", "responseTemplates", "contentHandling"};

constexpr std::string_view kIntegration = "x-amazon-apigateway-integration";

Result<model::IntegrationType> read_type(const Node& n) {
  Result<std::string> s = read_string(n, "x-amazon-apigateway-integration.type");
  GW_TRY(s);
  static constexpr std::array<std::string_view, 5> kTypes = {"mock", "http", "http_proxy", "aws",
                                                             "aws_proxy"};
  std::string t = to_lower(*s);
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (t == kTypes[i]) {
      return static_cast<model::IntegrationType>(i);
    }
  }
  std::string near = did_you_mean(t, kTypes);
  return fail(ErrorKind::BadInput, "unknown integration type '" + *s + "'", n.loc,
              near.empty() ? "expected one of mock, http, http_proxy, aws, aws_proxy"
                           : "did you mean '" + near + "'?");
}

/// A status code written as a string or a number.
Result<std::string> read_code(const Node& n, std::string_view what) {
  if (n.kind == Node::Kind::Number) {
    return n.text;
  }
  return read_string(n, what);
}

Result<model::IntegrationResponse> read_response(Ctx& ctx, const std::string& pattern,
                                                 const Node& n) {
  std::string what = std::string(kIntegration) + ".responses." + pattern;
  GW_TRY(expect_map(n, what));
  ctx.warn_unknown_keys(n, kResponseKeys, "integration response key");
  model::IntegrationResponse r;
  r.selection_pattern = pattern;
  r.where = n.loc;
  for (const MapEntry& e : n.entries) {
    std::string field = what + "." + e.key;
    if (e.key == "statusCode") {
      Result<std::string> v = read_code(e.value, field);
      GW_TRY(v);
      r.status_code = *v;
    } else if (e.key == "responseParameters") {
      Result<std::map<std::string, std::string>> v = read_string_map(e.value, field);
      GW_TRY(v);
      r.response_parameters = std::move(*v);
    } else if (e.key == "responseTemplates") {
      Result<std::map<std::string, std::string>> v = read_string_map(e.value, field);
      GW_TRY(v);
      r.response_templates = std::move(*v);
      r.response_template_locs = text_origins(e.value);
    } else if (e.key == "contentHandling") {
      Result<std::string> v = read_string(e.value, field);
      GW_TRY(v);
      r.content_handling = to_upper(*v);
    }
  }
  return r;
}

Result<bool> read_integration_maps(Ctx& ctx, const MapEntry& e, model::Integration& in) {
  std::string field = std::string(kIntegration) + "." + e.key;
  const Node& v = e.value;
  if (e.key == "requestParameters") {
    auto m = read_string_map(v, field);
    GW_TRY(m);
    in.request_parameters = std::move(*m);
  } else if (e.key == "requestTemplates") {
    auto m = read_string_map(v, field);
    GW_TRY(m);
    in.request_templates = std::move(*m);
    in.request_template_locs = text_origins(v);
  } else if (e.key == "responses") {
    GW_TRY(expect_map(v, field));
    for (const MapEntry& r : v.entries) {
      auto resp = read_response(ctx, r.key, r.value);
      GW_TRY(resp);
      in.responses.push_back(std::move(*resp));
    }
  } else if (e.key == "responseParameters") {
    GW_TRY(expect_map(v, field));
    for (const MapEntry& r : v.entries) {
      auto m = read_string_map(r.value, field + "." + r.key);
      GW_TRY(m);
      in.response_parameters_by_status[r.key] = std::move(*m);
    }
  } else if (e.key == "tlsConfig") {
    GW_TRY(expect_map(v, field));
    model::TlsConfig tls;
    if (const Node* s = v.find("insecureSkipVerification")) {
      auto b = read_bool(*s, field + ".insecureSkipVerification");
      GW_TRY(b);
      tls.insecure_skip_verification = *b;
    }
    if (const Node* s = v.find("serverNameToVerify")) {
      auto b = read_string(*s, field + ".serverNameToVerify");
      GW_TRY(b);
      tls.server_name_to_verify = *b;
    }
    in.tls = tls;
  } else if (e.key == "cacheKeyParameters") {
    auto l = read_string_list(v, field);
    GW_TRY(l);
    in.cache_key_parameters = std::move(*l);
  }
  return true;
}

/// Credentials only sign calls to AWS, which gw emulates locally: an unresolvable role
/// (Fn::GetAtt, ${AWS::AccountId}) does not change what the API does here, so it is a warning.
void read_credentials(Ctx& ctx, const Node& v, model::Integration& in) {
  auto s = read_literal(v, std::string(kIntegration) + ".credentials");
  if (!s) {
    ctx.warnings.push_back(Warning{s.error().message + "; ignored (gw does not assume roles)",
                                   s.error().where, ""});
    return;
  }
  in.credentials = *s;
}

Result<bool> read_integration_field(Ctx& ctx, const MapEntry& e, model::Integration& in) {
  std::string field = std::string(kIntegration) + "." + e.key;
  const Node& v = e.value;
  std::string* target = nullptr;
  if (e.key == "type") {
    auto t = read_type(v);
    GW_TRY(t);
    in.type = *t;
    return true;
  }
  if (e.key == "timeoutInMillis") {
    auto t = read_int(v, field);
    GW_TRY(t);
    in.timeout_ms = *t;
    ctx.timeouts.emplace_back(*t, v.loc);
    return true;
  }
  if (e.key == "credentials") {
    read_credentials(ctx, v, in);
    return true;
  }
  if (e.key == "uri" || e.key == "connectionId") {
    auto s = read_literal(v, e.key == "uri" ? "integration uri" : field);
    GW_TRY(s);
    (e.key == "uri" ? in.uri : in.connection_id) = *s;
    return true;
  }
  if (e.key == "httpMethod") {
    target = &in.http_method;
  } else if (e.key == "connectionType") {
    target = &in.connection_type;
  } else if (e.key == "passthroughBehavior") {
    target = &in.passthrough_behavior;
  } else if (e.key == "contentHandling") {
    target = &in.content_handling;
  } else if (e.key == "cacheNamespace") {
    target = &in.cache_namespace;
  } else if (e.key == "integrationSubtype") {
    target = &in.integration_subtype;
  } else if (e.key == "payloadFormatVersion") {
    auto s = read_code(v, field);
    GW_TRY(s);
    in.payload_format_version = *s == "1" ? "1.0" : *s == "2" ? "2.0" : *s;
    return true;
  }
  if (target == nullptr) {
    return read_integration_maps(ctx, e, in);
  }
  auto s = read_string(v, field);
  GW_TRY(s);
  bool upper = e.key != "cacheNamespace" && e.key != "integrationSubtype";
  *target = upper ? to_upper(*s) : *s;
  return true;
}

}  // namespace

std::span<const std::string_view> known_extensions() { return kExtensions; }

Result<model::Integration> read_integration(Ctx& ctx, const Node& raw) {
  Result<const Node*> resolved = ctx.refs.deref(raw);
  GW_TRY(resolved);
  const Node& n = **resolved;
  GW_TRY(expect_map(n, kIntegration));
  ctx.warn_unknown_keys(n, kIntegrationKeys, "integration key");
  model::Integration in;
  in.where = n.loc;
  const Node* type = n.find("type");
  if (type == nullptr) {
    return fail(ErrorKind::BadInput, "x-amazon-apigateway-integration has no 'type'", n.loc,
                "add type: mock, http, http_proxy, aws or aws_proxy");
  }
  for (const MapEntry& e : n.entries) {
    GW_TRY(read_integration_field(ctx, e, in));
  }
  // HTTP APIs' AWS service integrations name the action by integrationSubtype instead.
  if (in.type != model::IntegrationType::Mock && in.uri.empty() &&
      in.integration_subtype.empty()) {
    return fail(ErrorKind::BadInput,
                "x-amazon-apigateway-integration of type '" +
                    std::string(model::to_string(in.type)) + "' has no 'uri'",
                n.loc);
  }
  return in;
}

}  // namespace gw::openapi
