#include "core/pipeline/access_line.h"

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

void append_cert(std::string& out, const ContextIdentity& i, std::string crypto::CertificateInfo::*f) {
  if (i.client_cert) {
    out += (*i.client_cert).*f;
  }
}

// The authorization step's values: $context.authenticate.* only for Cognito / JWT tokens,
// $context.authorizer.integration* only for Lambda authorizers.
void append_authorization(std::string& out, const Exchange& ex, LogVar v) {
  const AuthorizerRun& run = ex.authorizer_run;
  if (!run.ran) {
    return;
  }
  const std::string& kind = ex.context.authorizer.kind;
  const bool authenticate = kind == "cognito" || kind == "jwt";
  switch (v) {
    case LogVar::AuthorizeStatus:
    case LogVar::AuthorizerStatus:
      append_status(out, run.status);
      return;
    case LogVar::AuthenticateStatus:
      return authenticate ? append_status(out, run.status) : void();
    case LogVar::AuthorizeLatency:
    case LogVar::AuthorizerLatency:
      out += std::to_string(run.latency_ms);
      return;
    case LogVar::AuthenticateLatency:
      return authenticate ? void(out += std::to_string(run.latency_ms)) : void();
    case LogVar::AuthorizeError:
    case LogVar::AuthorizerError:
      out += run.error;
      return;
    case LogVar::AuthenticateError:
      return authenticate ? void(out += run.error) : void();
    case LogVar::AuthorizerIntegrationLatency:
      return kind == "lambda" ? void(out += std::to_string(ex.context.authorizer.latency_ms))
                              : void();
    case LogVar::AuthorizerIntegrationStatus:
      return kind == "lambda" ? append_status(out, run.status == 500 ? 500 : 200) : void();
    default:
      return;
  }
}

void append_identity(std::string& out, const ContextIdentity& i, LogVar v) {
  switch (v) {
    case LogVar::IdentityAccountId: out += i.account_id; return;
    case LogVar::IdentityApiKey: out += i.api_key; return;
    case LogVar::IdentityApiKeyId: out += i.api_key_id; return;
    case LogVar::IdentityCaller: out += i.caller; return;
    case LogVar::IdentityCognitoAuthenticationProvider:
      out += i.cognito_authentication_provider;
      return;
    case LogVar::IdentityCognitoAuthenticationType: out += i.cognito_authentication_type; return;
    case LogVar::IdentityCognitoIdentityId: out += i.cognito_identity_id; return;
    case LogVar::IdentityCognitoIdentityPoolId: out += i.cognito_identity_pool_id; return;
    case LogVar::IdentityPrincipalOrgId: out += i.principal_org_id; return;
    case LogVar::IdentityUser: out += i.user; return;
    case LogVar::IdentityUserArn: out += i.user_arn; return;
    case LogVar::ClientCertPem: return append_cert(out, i, &crypto::CertificateInfo::pem);
    case LogVar::ClientCertSubjectDn:
      return append_cert(out, i, &crypto::CertificateInfo::subject_dn);
    case LogVar::ClientCertIssuerDn:
      return append_cert(out, i, &crypto::CertificateInfo::issuer_dn);
    case LogVar::ClientCertSerialNumber:
      return append_cert(out, i, &crypto::CertificateInfo::serial_number);
    case LogVar::ClientCertNotBefore:
      return append_cert(out, i, &crypto::CertificateInfo::not_before);
    case LogVar::ClientCertNotAfter:
      return append_cert(out, i, &crypto::CertificateInfo::not_after);
    default:
      return;
  }
}

// The request's own values ($context.*), everything but authorization and identity.
void append_request(std::string& out, const Exchange& ex, double latency_ms, LogVar v) {
  const Context& c = ex.context;
  switch (v) {
    case LogVar::AccountId: out += c.account_id; return;
    case LogVar::ApiId: out += c.api_id; return;
    case LogVar::AwsEndpointRequestId: out += c.request_id; return;
    case LogVar::DataProcessed:
      out += std::to_string(ex.request.body.size() + ex.response.body.size());
      return;
    case LogVar::DeploymentId: out += deployment_id_of(ex.api); return;
    case LogVar::DomainName: out += c.domain_name; return;
    case LogVar::DomainPrefix: out += c.domain_prefix; return;
    case LogVar::ErrorMessage: out += c.error_message; return;
    case LogVar::ErrorMessageString:
      out += c.error_message_null ? std::string("null") : json_quote(c.error_message);
      return;
    case LogVar::ErrorResponseType: out += c.error_response_type; return;
    case LogVar::ErrorValidationErrorString: out += c.error_validation_string; return;
    case LogVar::ExtendedRequestId: out += c.extended_request_id; return;
    case LogVar::HttpMethod: out += c.http_method; return;
    case LogVar::IdentitySourceIp: out += c.source_ip; return;
    case LogVar::IdentityUserAgent: out += c.user_agent; return;
    case LogVar::IntegrationError: out += ex.integration_error; return;
    case LogVar::IntegrationStatusOfBackend:
    case LogVar::IntegrationStatus:
      return append_status(out, ex.integration_status);
    case LogVar::IntegrationLatency:
      return ex.integration_latency_ms >= 0 ? append_ms(out, ex.integration_latency_ms) : void();
    case LogVar::IsCanaryRequest:
      if (c.is_canary_request) {
        out += *c.is_canary_request ? "true" : "false";
      }
      return;
    case LogVar::Path: out += c.path; return;
    case LogVar::Protocol: out += c.protocol; return;
    case LogVar::RequestId:
      // HTTP APIs: "$context.extendedRequestId: equivalent to $context.requestId" (the
      // http-api-logging-variables page), the value of the apigw-requestid header (fact 24).
      out += ex.api.type == model::ApiType::Http ? c.extended_request_id : c.request_id;
      return;
    case LogVar::RequestTime: out += c.request_time; return;
    case LogVar::RequestTimeEpoch: out += std::to_string(c.request_time_epoch); return;
    case LogVar::ResourceId: out += c.resource_id; return;
    case LogVar::ResourcePath: out += c.resource_path; return;
    case LogVar::ResponseLatency: return append_ms(out, latency_ms);
    case LogVar::ResponseLength: out += std::to_string(ex.response.body.size()); return;
    case LogVar::RouteKey: out += c.route_key; return;
    case LogVar::Stage: out += c.stage; return;
    case LogVar::Status: return append_status(out, ex.response.status);
    default:
      return;  // no value in gw: WAF, X-Ray, custom domains' base path, AWS endpoint ids
  }
}

void append_value(std::string& out, const Exchange& ex, double latency_ms, LogVar v,
                  const std::string& arg) {
  switch (v) {
    case LogVar::AuthorizerClaim:
      return append_claim(out, ex.context.authorizer.claims_json, arg);
    case LogVar::AuthorizerProperty:
      return append_property(out, ex.context.authorizer, arg);
    case LogVar::AuthorizerPrincipalId: out += ex.context.authorizer.principal_id; return;
    case LogVar::AuthorizeError:
    case LogVar::AuthorizeLatency:
    case LogVar::AuthorizeStatus:
    case LogVar::AuthenticateError:
    case LogVar::AuthenticateLatency:
    case LogVar::AuthenticateStatus:
    case LogVar::AuthorizerError:
    case LogVar::AuthorizerIntegrationLatency:
    case LogVar::AuthorizerIntegrationStatus:
    case LogVar::AuthorizerLatency:
    case LogVar::AuthorizerStatus:
      return append_authorization(out, ex, v);
    case LogVar::IdentityAccountId:
    case LogVar::IdentityApiKey:
    case LogVar::IdentityApiKeyId:
    case LogVar::IdentityCaller:
    case LogVar::IdentityCognitoAuthenticationProvider:
    case LogVar::IdentityCognitoAuthenticationType:
    case LogVar::IdentityCognitoIdentityId:
    case LogVar::IdentityCognitoIdentityPoolId:
    case LogVar::IdentityPrincipalOrgId:
    case LogVar::IdentityUser:
    case LogVar::IdentityUserArn:
    case LogVar::ClientCertPem:
    case LogVar::ClientCertSubjectDn:
    case LogVar::ClientCertIssuerDn:
    case LogVar::ClientCertSerialNumber:
    case LogVar::ClientCertNotBefore:
    case LogVar::ClientCertNotAfter:
      return append_identity(out, ex.context.identity, v);
    default:
      return append_request(out, ex, latency_ms, v);
  }
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
      return format.render([&](LogVar v, const std::string& arg, std::string& out) {
        append_value(out, ex, latency_ms, v, arg);
      });
    }
  }
  return {};
}

}  // namespace gw::pipeline
