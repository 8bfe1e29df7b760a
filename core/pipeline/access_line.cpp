#include "core/pipeline/access_line.h"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/pipeline/exchange.h"

namespace gw::pipeline {
namespace {

using observe::LogVar;

void append_ms(std::string& out, double ms) {
  out += std::to_string(static_cast<long long>(std::llround(ms)));
}

void append_status(std::string& out, int status) {
  if (status != 0) {
    out += std::to_string(status);
  }
}

// A claim of the Cognito / JWT authorizer's token: strings as they are, others as JSON.
void append_claim(std::string& out, const std::string& claims_json, const std::string& claim) {
  if (claims_json.empty()) {
    return;
  }
  const nlohmann::json claims = nlohmann::json::parse(claims_json, nullptr, false);
  if (!claims.is_object() || !claims.contains(claim)) {
    return;
  }
  const nlohmann::json& v = claims[claim];
  out += v.is_string() ? v.get<std::string>() : v.dump();
}

void append_property(std::string& out, const AuthorizerResult& a, const std::string& key) {
  for (const auto& [k, v] : a.context) {
    if (k == key) {
      out += v;
      return;
    }
  }
}

/// What a value needs beyond the Exchange.
struct Args {
  double latency_ms = 0;
  const std::string* key = nullptr;  ///< the claim or context key
};
using Append = void (*)(std::string& out, const Exchange& ex, const Args& a);

template <std::string Context::*F>
void ctx(std::string& o, const Exchange& ex, const Args&) {
  o += ex.context.*F;
}
template <std::string ContextIdentity::*F>
void ident(std::string& o, const Exchange& ex, const Args&) {
  o += ex.context.identity.*F;
}
template <std::string crypto::CertificateInfo::*F>
void cert(std::string& o, const Exchange& ex, const Args&) {
  if (ex.context.identity.client_cert) {
    o += (*ex.context.identity.client_cert).*F;
  }
}

// The authorization step's values: $context.authenticate.* only for Cognito / JWT tokens,
// $context.authorizer.integration* only for Lambda authorizers.
bool authenticated(const Exchange& ex) {
  const std::string& kind = ex.context.authorizer.kind;
  return ex.authorizer_run.ran && (kind == "cognito" || kind == "jwt");
}
bool lambda_authorized(const Exchange& ex) {
  return ex.authorizer_run.ran && ex.context.authorizer.kind == "lambda";
}
void run_status(std::string& o, const Exchange& ex, const Args&) {
  append_status(o, ex.authorizer_run.ran ? ex.authorizer_run.status : 0);
}
void run_latency(std::string& o, const Exchange& ex, const Args&) {
  if (ex.authorizer_run.ran) {
    o += std::to_string(ex.authorizer_run.latency_ms);
  }
}
void run_error(std::string& o, const Exchange& ex, const Args&) { o += ex.authorizer_run.error; }
template <Append A>
void if_authenticated(std::string& o, const Exchange& ex, const Args& a) {
  if (authenticated(ex)) {
    A(o, ex, a);
  }
}
void authorizer_integration_latency(std::string& o, const Exchange& ex, const Args&) {
  if (lambda_authorized(ex)) {
    o += std::to_string(ex.context.authorizer.latency_ms);
  }
}
void authorizer_integration_status(std::string& o, const Exchange& ex, const Args&) {
  if (lambda_authorized(ex)) {  // the function's answer: 200 unless it failed (then 500)
    append_status(o, ex.authorizer_run.status == 500 ? 500 : 200);
  }
}
void claim(std::string& o, const Exchange& ex, const Args& a) {
  append_claim(o, ex.context.authorizer.claims_json, *a.key);
}
void property(std::string& o, const Exchange& ex, const Args& a) {
  append_property(o, ex.context.authorizer, *a.key);
}
void principal_id(std::string& o, const Exchange& ex, const Args&) {
  o += ex.context.authorizer.principal_id;
}
void request_id(std::string& o, const Exchange& ex, const Args&) {
  o += ex.context.request_id;  // on HTTP APIs the apigw-requestid value (exchange.cpp)
}
void data_processed(std::string& o, const Exchange& ex, const Args&) {
  o += std::to_string(ex.request.body.size() + ex.response.body.size());
}
void deployment_id(std::string& o, const Exchange& ex, const Args&) {
  o += deployment_id_of(ex.api);
}
void error_message_string(std::string& o, const Exchange& ex, const Args&) {
  o += ex.context.error_message_null ? std::string("null") : json_quote(ex.context.error_message);
}
void integration_error(std::string& o, const Exchange& ex, const Args&) {
  o += ex.integration_error;
}
void integration_latency(std::string& o, const Exchange& ex, const Args&) {
  if (ex.integration_latency_ms >= 0) {
    append_ms(o, ex.integration_latency_ms);
  }
}
void integration_status(std::string& o, const Exchange& ex, const Args&) {
  append_status(o, ex.integration_status);
}
void is_canary_request(std::string& o, const Exchange& ex, const Args&) {
  if (ex.context.is_canary_request) {
    o += *ex.context.is_canary_request ? "true" : "false";
  }
}
void request_time_epoch(std::string& o, const Exchange& ex, const Args&) {
  o += std::to_string(ex.context.request_time_epoch);
}
void response_latency(std::string& o, const Exchange&, const Args& a) {
  append_ms(o, a.latency_ms);
}
void response_length(std::string& o, const Exchange& ex, const Args&) {
  o += std::to_string(ex.response.body.size());
}
void status(std::string& o, const Exchange& ex, const Args&) {
  append_status(o, ex.response.status);
}
void none(std::string&, const Exchange&, const Args&) {}

struct Entry {
  LogVar var;
  Append append;
};

// One function per variable; a variable not listed has no value in gw (WAF, X-Ray, custom
// domains' base path, AWS endpoint and integration request ids).
constexpr auto kEntries = std::to_array<Entry>({
    {LogVar::AccountId, ctx<&Context::account_id>},
    {LogVar::ApiId, ctx<&Context::api_id>},
    {LogVar::AuthorizeError, run_error},
    {LogVar::AuthorizeLatency, run_latency},
    {LogVar::AuthorizeStatus, run_status},
    {LogVar::AuthenticateError, if_authenticated<run_error>},
    {LogVar::AuthenticateLatency, if_authenticated<run_latency>},
    {LogVar::AuthenticateStatus, if_authenticated<run_status>},
    {LogVar::AuthorizerClaim, claim},
    {LogVar::AuthorizerProperty, property},
    {LogVar::AuthorizerError, run_error},
    {LogVar::AuthorizerIntegrationLatency, authorizer_integration_latency},
    {LogVar::AuthorizerIntegrationStatus, authorizer_integration_status},
    {LogVar::AuthorizerLatency, run_latency},
    {LogVar::AuthorizerPrincipalId, principal_id},
    {LogVar::AuthorizerStatus, run_status},
    {LogVar::AwsEndpointRequestId, ctx<&Context::request_id>},
    {LogVar::DataProcessed, data_processed},
    {LogVar::DeploymentId, deployment_id},
    {LogVar::DomainName, ctx<&Context::domain_name>},
    {LogVar::DomainPrefix, ctx<&Context::domain_prefix>},
    {LogVar::ErrorMessage, ctx<&Context::error_message>},
    {LogVar::ErrorMessageString, error_message_string},
    {LogVar::ErrorResponseType, ctx<&Context::error_response_type>},
    {LogVar::ErrorValidationErrorString, ctx<&Context::error_validation_string>},
    {LogVar::ExtendedRequestId, ctx<&Context::extended_request_id>},
    {LogVar::HttpMethod, ctx<&Context::http_method>},
    {LogVar::IdentityAccountId, ident<&ContextIdentity::account_id>},
    {LogVar::IdentityApiKey, ident<&ContextIdentity::api_key>},
    {LogVar::IdentityApiKeyId, ident<&ContextIdentity::api_key_id>},
    {LogVar::IdentityCaller, ident<&ContextIdentity::caller>},
    {LogVar::IdentityCognitoAuthenticationProvider,
     ident<&ContextIdentity::cognito_authentication_provider>},
    {LogVar::IdentityCognitoAuthenticationType,
     ident<&ContextIdentity::cognito_authentication_type>},
    {LogVar::IdentityCognitoIdentityId, ident<&ContextIdentity::cognito_identity_id>},
    {LogVar::IdentityCognitoIdentityPoolId, ident<&ContextIdentity::cognito_identity_pool_id>},
    {LogVar::IdentityPrincipalOrgId, ident<&ContextIdentity::principal_org_id>},
    {LogVar::IdentitySourceIp, ctx<&Context::source_ip>},
    {LogVar::IdentityUser, ident<&ContextIdentity::user>},
    {LogVar::IdentityUserAgent, ctx<&Context::user_agent>},
    {LogVar::IdentityUserArn, ident<&ContextIdentity::user_arn>},
    {LogVar::ClientCertPem, cert<&crypto::CertificateInfo::pem>},
    {LogVar::ClientCertSubjectDn, cert<&crypto::CertificateInfo::subject_dn>},
    {LogVar::ClientCertIssuerDn, cert<&crypto::CertificateInfo::issuer_dn>},
    {LogVar::ClientCertSerialNumber, cert<&crypto::CertificateInfo::serial_number>},
    {LogVar::ClientCertNotBefore, cert<&crypto::CertificateInfo::not_before>},
    {LogVar::ClientCertNotAfter, cert<&crypto::CertificateInfo::not_after>},
    {LogVar::IntegrationError, integration_error},
    {LogVar::IntegrationStatusOfBackend, integration_status},
    {LogVar::IntegrationLatency, integration_latency},
    {LogVar::IntegrationStatus, integration_status},
    {LogVar::IsCanaryRequest, is_canary_request},
    {LogVar::Path, ctx<&Context::path>},
    {LogVar::Protocol, ctx<&Context::protocol>},
    {LogVar::RequestId, request_id},
    {LogVar::RequestTime, ctx<&Context::request_time>},
    {LogVar::RequestTimeEpoch, request_time_epoch},
    {LogVar::ResourceId, ctx<&Context::resource_id>},
    {LogVar::ResourcePath, ctx<&Context::resource_path>},
    {LogVar::ResponseLatency, response_latency},
    {LogVar::ResponseLength, response_length},
    {LogVar::RouteKey, ctx<&Context::route_key>},
    {LogVar::Stage, ctx<&Context::stage>},
    {LogVar::Status, status},
    {LogVar::XrayTraceId, ctx<&Context::xray_trace_id>},
});

constexpr size_t kVarCount = static_cast<size_t>(LogVar::Unknown) + 1;

// The table above indexed by variable, built once.
const std::array<Append, kVarCount>& appenders() {
  static const std::array<Append, kVarCount> table = [] {
    std::array<Append, kVarCount> t{};
    t.fill(none);
    for (const Entry& e : kEntries) {
      t[static_cast<size_t>(e.var)] = e.append;
    }
    return t;
  }();
  return table;
}

}  // namespace

AccessLines::AccessLines(const model::Api& api, std::vector<Error>& warnings) {
  const bool http_api = api.type == model::ApiType::Http;
  for (const model::StageConfig& s : api.gw.stages) {
    if (s.access_log_format.empty()) {
      continue;
    }
    observe::AccessLogFormat f = observe::AccessLogFormat::compile(s.access_log_format, http_api);
    for (const observe::UnknownLogVar& u : f.unknown()) {
      warnings.push_back(Error{ErrorKind::BadInput,
                               "x-gw.stages." + s.name + ".accessLogSettings.format: '$" + u.name +
                                   "' is not an access-log variable: it is logged as '-'",
                               s.access_log_format_where,
                               "see gw-config(5) for the $context variables access logs know"});
    }
    by_stage_.emplace_back(s.name, std::move(f));
  }
}

std::string AccessLines::render(const Exchange& ex, double latency_ms) const {
  if (ex.stage_name.empty()) {
    return {};
  }
  for (const auto& [stage, format] : by_stage_) {
    if (stage == ex.stage_name) {
      const std::array<Append, kVarCount>& table = appenders();
      return format.render([&](LogVar v, const std::string& key, std::string& out) {
        table[static_cast<size_t>(v)](out, ex, Args{latency_ms, &key});
      });
    }
  }
  return {};
}

}  // namespace gw::pipeline
