// API-level extensions and authorizers (declared in openapi/extensions.h).
#include <array>

#include "core/base/strings.h"
#include "openapi/extensions.h"

namespace gw::openapi {
namespace {

constexpr std::array<std::string_view, 11> kAuthorizerKeys = {
    "type", "authorizerUri", "authorizerCredentials", "identitySource",
    "identityValidationExpression", "authorizerResultTtlInSeconds", "providerARNs",
    "authorizerPayloadFormatVersion", "enableSimpleResponses", "jwtConfiguration",
    "authorizerType"};

Result<bool> read_authorizer_field(const MapEntry& e, model::Authorizer& a) {
  std::string field = "x-amazon-apigateway-authorizer." + e.key;
  const Node& v = e.value;
  if (e.key == "type") {
    auto s = read_string(v, field);
    GW_TRY(s);
    a.type = to_lower(*s);
  } else if (e.key == "authorizerUri") {
    auto s = read_literal(v, "authorizer uri");
    GW_TRY(s);
    a.authorizer_uri = *s;
  } else if (e.key == "authorizerCredentials") {
    auto s = read_literal(v, field);  // a role for invoking the authorizer: not needed locally
    a.authorizer_credentials = s ? *s : "";
  } else if (e.key == "identitySource") {
    auto s = read_string_list(v, field);  // a comma-separated string, or a list (HTTP APIs)
    GW_TRY(s);
    std::string joined;
    for (const std::string& part : *s) {
      joined += (joined.empty() ? "" : ", ") + part;
    }
    a.identity_source = joined;
  } else if (e.key == "identityValidationExpression") {
    auto s = read_string(v, field);
    GW_TRY(s);
    a.identity_validation_expression = *s;
  } else if (e.key == "authorizerResultTtlInSeconds") {
    auto i = read_int(v, field);
    GW_TRY(i);
    a.result_ttl_seconds = *i;
  } else if (e.key == "providerARNs") {
    auto l = read_string_list(v, field);
    GW_TRY(l);
    a.provider_arns = std::move(*l);
  } else if (e.key == "authorizerPayloadFormatVersion") {
    auto s = v.kind == Node::Kind::Number ? Result<std::string>(v.text) : read_string(v, field);
    GW_TRY(s);
    a.payload_format_version = *s;
  } else if (e.key == "enableSimpleResponses") {
    auto b = read_bool(v, field);
    GW_TRY(b);
    a.enable_simple_responses = *b;
  } else if (e.key == "jwtConfiguration") {
    GW_TRY(expect_map(v, field));
    if (const Node* iss = v.find("issuer")) {
      auto s = read_string(*iss, field + ".issuer");
      GW_TRY(s);
      a.jwt_issuer = *s;
    }
    if (const Node* aud = v.find("audience")) {
      auto l = read_string_list(*aud, field + ".audience");
      GW_TRY(l);
      a.jwt_audience = std::move(*l);
    }
  }
  return true;
}

Result<bool> read_gateway_responses(const Node& n, model::Api& api) {
  constexpr std::string_view what = "x-amazon-apigateway-gateway-responses";
  GW_TRY(expect_map(n, what));
  for (const MapEntry& e : n.entries) {
    std::string field = std::string(what) + "." + e.key;
    GW_TRY(expect_map(e.value, field));
    model::GatewayResponse g;
    g.type = e.key;
    g.where = e.value.loc;
    if (const Node* s = e.value.find("statusCode")) {
      std::string text = s->text;
      if (s->kind != Node::Kind::Number &&
          (!s->is_string() || text.empty() || text.find_first_not_of("0123456789") !=
                                                   std::string::npos)) {
        return type_error(*s, field + ".statusCode", "integer");
      }
      g.status_code = std::stoi(text);
    }
    if (const Node* p = e.value.find("responseParameters")) {
      auto m = read_string_map(*p, field + ".responseParameters");
      GW_TRY(m);
      g.response_parameters = std::move(*m);
    }
    if (const Node* t = e.value.find("responseTemplates")) {
      auto m = read_string_map(*t, field + ".responseTemplates");
      GW_TRY(m);
      g.response_templates = std::move(*m);
      g.response_template_locs = text_origins(*t);
    }
    api.gateway_responses[e.key] = std::move(g);
  }
  return true;
}

Result<bool> read_validators(const Node& n, model::Api& api) {
  constexpr std::string_view what = "x-amazon-apigateway-request-validators";
  GW_TRY(expect_map(n, what));
  for (const MapEntry& e : n.entries) {
    std::string field = std::string(what) + "." + e.key;
    GW_TRY(expect_map(e.value, field));
    model::RequestValidator v;
    if (const Node* b = e.value.find("validateRequestBody")) {
      auto x = read_bool(*b, field + ".validateRequestBody");
      GW_TRY(x);
      v.validate_body = *x;
    }
    if (const Node* p = e.value.find("validateRequestParameters")) {
      auto x = read_bool(*p, field + ".validateRequestParameters");
      GW_TRY(x);
      v.validate_parameters = *x;
    }
    api.request_validators[e.key] = v;
  }
  return true;
}

Result<bool> read_cors(const Node& n, model::Api& api) {
  constexpr std::string_view what = "x-amazon-apigateway-cors";
  GW_TRY(expect_map(n, what));
  model::CorsConfig c;
  c.where = n.loc;
  for (const MapEntry& e : n.entries) {
    std::string field = std::string(what) + "." + e.key;
    std::vector<std::string>* list = e.key == "allowOrigins"    ? &c.allow_origins
                                     : e.key == "allowMethods"  ? &c.allow_methods
                                     : e.key == "allowHeaders"  ? &c.allow_headers
                                     : e.key == "exposeHeaders" ? &c.expose_headers
                                                                : nullptr;
    if (list != nullptr) {
      auto l = read_string_list(e.value, field);
      GW_TRY(l);
      *list = std::move(*l);
    } else if (e.key == "allowCredentials") {
      auto b = read_bool(e.value, field);
      GW_TRY(b);
      c.allow_credentials = *b;
    } else if (e.key == "maxAge") {
      auto i = read_int(e.value, field);
      GW_TRY(i);
      c.max_age = *i;
    }
  }
  api.cors = std::move(c);
  return true;
}

Result<bool> read_endpoint_configuration(const Node& n, model::Api& api) {
  constexpr std::string_view what = "x-amazon-apigateway-endpoint-configuration";
  GW_TRY(expect_map(n, what));
  if (const Node* t = n.find("types")) {
    auto l = read_string_list(*t, std::string(what) + ".types");
    GW_TRY(l);
    api.endpoint_types = std::move(*l);
  }
  if (const Node* d = n.find("disableExecuteApiEndpoint")) {
    auto b = read_bool(*d, std::string(what) + ".disableExecuteApiEndpoint");
    GW_TRY(b);
    api.disable_execute_api_endpoint = *b;
  }
  return true;
}

Result<bool> read_api_extension(Ctx& ctx, const MapEntry& e, model::Api& api) {
  const Node& v = e.value;
  const std::string& k = e.key;
  if (k == "x-amazon-apigateway-api-key-source") {
    auto s = read_string(v, k);
    GW_TRY(s);
    api.api_key_source = to_upper(*s);
  } else if (k == "x-amazon-apigateway-binary-media-types") {
    auto l = read_string_list(v, k);
    GW_TRY(l);
    api.binary_media_types = std::move(*l);
  } else if (k == "x-amazon-apigateway-gateway-responses") {
    return read_gateway_responses(v, api);
  } else if (k == "x-amazon-apigateway-request-validators") {
    return read_validators(v, api);
  } else if (k == "x-amazon-apigateway-request-validator") {
    auto s = read_string(v, k);
    GW_TRY(s);
    api.default_request_validator = *s;
  } else if (k == "x-amazon-apigateway-cors") {
    return read_cors(v, api);
  } else if (k == "x-amazon-apigateway-policy") {
    auto j = ctx.refs.inline_json(v);
    GW_TRY(j);
    api.policy_json = std::move(*j);
  } else if (k == "x-amazon-apigateway-endpoint-configuration") {
    return read_endpoint_configuration(v, api);
  } else if (k == "x-amazon-apigateway-minimum-compression-size") {
    auto i = read_int(v, k);
    GW_TRY(i);
    api.minimum_compression_size = *i;
  } else if (k == "x-amazon-apigateway-route-selection-expression") {
    auto s = read_string(v, k);
    GW_TRY(s);
    api.route_selection_expression = *s;
  } else if (k == "x-amazon-apigateway-api-key-selection-expression") {
    auto s = read_string(v, k);
    GW_TRY(s);
    api.api_key_selection_expression = *s;
  } else if (k == "x-amazon-apigateway-disable-execute-api-endpoint") {
    auto b = read_bool(v, k);
    GW_TRY(b);
    api.disable_execute_api_endpoint = *b;
  }
  return true;
}

}  // namespace

Result<model::Authorizer> read_authorizer(Ctx& ctx, const std::string& name, const Node& raw) {
  Result<const Node*> resolved = ctx.refs.deref(raw);
  GW_TRY(resolved);
  const Node& scheme = **resolved;
  GW_TRY(expect_map(scheme, "securitySchemes." + name));
  model::Authorizer a;
  a.name = name;
  a.where = scheme.loc;
  for (const MapEntry& e : scheme.entries) {
    std::string field = "securitySchemes." + name + "." + e.key;
    if (e.key == "type" || e.key == "in" || e.key == "name" ||
        e.key == "x-amazon-apigateway-authtype") {
      auto s = read_string(e.value, field);
      GW_TRY(s);
      std::string& target = e.key == "type" ? a.scheme_type
                            : e.key == "in" ? a.scheme_in
                            : e.key == "name" ? a.scheme_header_name
                                              : a.auth_type;
      target = *s;
    } else if (e.key == "x-amazon-apigateway-authorizer") {
      GW_TRY(expect_map(e.value, "x-amazon-apigateway-authorizer"));
      ctx.warn_unknown_keys(e.value, kAuthorizerKeys, "authorizer key");
      a.where = e.value.loc;
      for (const MapEntry& f : e.value.entries) {
        GW_TRY(read_authorizer_field(f, a));
      }
    }
  }
  return a;
}

Result<bool> read_api_extensions(Ctx& ctx, const Node& root, model::Api& api) {
  for (const MapEntry& e : root.entries) {
    if (e.key.starts_with("x-amazon-apigateway-")) {
      GW_TRY(read_api_extension(ctx, e, api));
    }
  }
  return true;
}

}  // namespace gw::openapi
