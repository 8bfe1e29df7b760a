#include "core/pipeline/mapping_templates.h"

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"
#include "core/vtl/value.h"

namespace gw::pipeline {

namespace {

using vtl::Value;

Value identity_map(const Context& c) {
  Value v = Value::new_map();
  vtl::Map& m = v.as_map();
  const ContextIdentity& i = c.identity;
  m.put("accountId", i.account_id);
  m.put("apiKey", i.api_key);
  m.put("apiKeyId", i.api_key_id);
  m.put("caller", i.caller);
  m.put("cognitoAuthenticationProvider", i.cognito_authentication_provider);
  m.put("cognitoAuthenticationType", i.cognito_authentication_type);
  m.put("cognitoIdentityId", i.cognito_identity_id);
  m.put("cognitoIdentityPoolId", i.cognito_identity_pool_id);
  m.put("principalOrgId", i.principal_org_id);
  m.put("sourceIp", c.source_ip);
  m.put("user", i.user);
  m.put("userAgent", c.user_agent);
  m.put("userArn", i.user_arn);
  if (i.client_cert) {
    const crypto::CertificateInfo& cc = *i.client_cert;
    Value cert = Value::new_map();
    cert.as_map().put("clientCertPem", cc.pem);
    cert.as_map().put("subjectDN", cc.subject_dn);
    cert.as_map().put("issuerDN", cc.issuer_dn);
    cert.as_map().put("serialNumber", cc.serial_number);
    Value validity = Value::new_map();
    validity.as_map().put("notBefore", cc.not_before);
    validity.as_map().put("notAfter", cc.not_after);
    cert.as_map().put("validity", std::move(validity));
    m.put("clientCert", std::move(cert));
  }
  return v;
}

Value authorizer_map(const AuthorizerResult& a) {
  Value v = Value::new_map();
  vtl::Map& m = v.as_map();
  if (!a.principal_id.empty()) {
    m.put("principalId", a.principal_id);
  }
  for (const auto& [key, value] : a.context) {
    m.put(key, value);
  }
  if (!a.claims_json.empty()) {
    if (auto claims = vtl::parse_json(a.claims_json)) {
      m.put("claims", vtl::from_json(*claims));
    }
  }
  return v;
}

// $context.requestOverride.* / responseOverride.* as earlier templates left them (fact 33).
void put_overrides(Value& ctx, const vtl::Outputs& o) {
  auto put_all = [&ctx](std::string_view prefix, const vtl::Params& params) {
    for (const auto& [k, v] : params) {
      vtl::put_path(ctx, std::string(prefix) + k, v);
    }
  };
  put_all("requestOverride.header.", o.request_headers);
  put_all("requestOverride.path.", o.request_path);
  put_all("requestOverride.querystring.", o.request_query);
  put_all("responseOverride.header.", o.response_headers);
  if (o.status_override) {
    vtl::put_path(ctx, "responseOverride.status", Value(*o.status_override));
  }
}

Value context_of(const Exchange& ex) {
  const Context& c = ex.context;
  Value ctx = Value::new_map();
  vtl::Map& m = ctx.as_map();
  m.put("accountId", c.account_id);
  m.put("apiId", c.api_id);
  m.put("deploymentId", std::string(pipeline::deployment_id_of(ex.api)));
  m.put("authorizer", authorizer_map(c.authorizer));
  m.put("awsEndpointRequestId", c.request_id);
  m.put("domainName", c.domain_name);
  m.put("domainPrefix", c.domain_prefix);
  m.put("extendedRequestId", c.extended_request_id);
  m.put("httpMethod", c.http_method);
  m.put("identity", identity_map(c));
  if (c.is_canary_request) {
    m.put("isCanaryRequest", Value(*c.is_canary_request));
  }
  m.put("path", c.path);
  m.put("protocol", c.protocol);
  m.put("requestId", c.request_id);
  m.put("requestTime", c.request_time);
  m.put("requestTimeEpoch", Value(c.request_time_epoch));
  m.put("resourceId", c.resource_id);
  m.put("resourcePath", c.resource_path);
  m.put("stage", c.stage);
  put_overrides(ctx, ex.overrides);
  return ctx;
}

}  // namespace

MappingTemplates::MappingTemplates(const model::Api& api) {
  auto add_all = [this](const std::map<std::string, std::string>& templates,
                        const std::map<std::string, SourceLoc>& locs, const SourceLoc& fallback) {
    for (const auto& [type, text] : templates) {
      auto loc = locs.find(type);
      add(text, loc != locs.end() ? loc->second : fallback);
    }
  };
  for (const model::Operation& op : api.operations) {
    if (!op.integration) {
      continue;
    }
    const model::Integration& in = *op.integration;
    add_all(in.request_templates, in.request_template_locs, in.where);
    for (const model::IntegrationResponse& r : in.responses) {
      add_all(r.response_templates, r.response_template_locs, r.where);
    }
  }
}

void MappingTemplates::add(const std::string& text, const SourceLoc& where) {
  auto parsed = vtl::parse(text, where);
  if (!parsed) {
    warnings_.push_back(parsed.error());
    by_text_.emplace(&text, std::move(parsed).error());
    return;
  }
  for (Error& e : vtl::check(**parsed)) {
    warnings_.push_back(std::move(e));
  }
  Compiled c;
  c.tmpl = std::move(*parsed);
  c.uses_context = text.find("context") != std::string::npos;
  c.uses_params = text.find("params") != std::string::npos;
  c.uses_stage_variables = text.find("stageVariables") != std::string::npos;
  by_text_.emplace(&text, std::move(c));
}

const MappingTemplates::Entry* MappingTemplates::find(const std::string* text) const {
  auto it = by_text_.find(text);
  return it == by_text_.end() ? nullptr : &it->second;
}

vtl::Inputs template_inputs(const Exchange& ex, std::string_view body,
                            const MappingTemplates::Compiled& uses) {
  vtl::Inputs in;
  in.body = body;
  if (uses.uses_params) {
    if (ex.route) {
      in.path_params = ex.route->path_params;
    }
    in.query_params = parse_query(ex.request.query);
    for (const auto& [name, value] : ex.request.headers) {
      in.header_params.emplace_back(name, value);
    }
  }
  if (uses.uses_context) {
    in.context = context_of(ex);
  }
  if (uses.uses_stage_variables && ex.stage_variables != nullptr) {
    in.stage_variables = vtl::string_map({ex.stage_variables->begin(), ex.stage_variables->end()});
  }
  return in;
}

Result<std::string> render_mapping(Exchange& ex, const MappingTemplates& templates,
                                   const std::string& text, std::string_view body) {
  const MappingTemplates::Entry* entry = templates.find(&text);
  if (entry == nullptr) {
    return fail(ErrorKind::Internal, "mapping template was not compiled with the API");
  }
  if (const Error* e = std::get_if<Error>(entry)) {
    ex.warn("mapping template: ", e->str());
    return std::unexpected(*e);
  }
  const MappingTemplates::Compiled& c = std::get<MappingTemplates::Compiled>(*entry);
  vtl::Outputs out;
  Result<std::string> text_out = vtl::render(*c.tmpl, template_inputs(ex, body, c), &out);
  if (!text_out) {
    ex.warn("mapping template: ", text_out.error().str());
    return text_out;
  }
  if (c.uses_context) {
    ex.overrides = std::move(out);  // the earlier overrides were its input: out holds them all
  }
  return text_out;
}

}  // namespace gw::pipeline
