#include "core/auth/jwt_check.h"

#include "core/pipeline/exchange.h"

namespace gw::auth {

namespace {

using pipeline::Exchange;
using pipeline::GatewayResponseType;

// "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC" -> "us-east-1_AbC".
std::string pool_id_of(const model::Authorizer& a) {
  for (const std::string& arn : a.provider_arns) {
    if (size_t at = arn.find("userpool/"); at != std::string::npos) {
      return arn.substr(at + 9);
    }
  }
  return {};
}

const model::UserPool* find_pool(const model::Api& api, const model::Authorizer& a,
                                 const std::string& pool_id, const std::string& issuer) {
  const auto& pools = api.gw.user_pools;
  for (const std::string& key : {pool_id, a.name}) {
    if (auto it = pools.find(key); !key.empty() && it != pools.end()) {
      return &it->second;
    }
  }
  for (const auto& [name, pool] : pools) {
    if (!issuer.empty() && pool.issuer == issuer) {
      return &pool;
    }
  }
  return pools.size() == 1 && issuer.empty() ? &pools.begin()->second : nullptr;
}

std::string quoted_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) {
    if (!out.empty()) {
      out.push_back(' ');
    }
    out.append(s);
  }
  return out;
}

}  // namespace

JwtCheck::JwtCheck(const model::Api& api, const model::Authorizer& config,
                   const std::string& state_dir)
    : config_(config) {
  cognito_ = config.type == "cognito_user_pools";
  http_api_ = api.type == model::ApiType::Http;
  std::string source = config.identity_source;
  if (source.empty()) {
    source = http_api_ ? "$request.header.Authorization" : "method.request.header.Authorization";
  }
  sources_ = parse_identity_sources(source);
  std::string pool_id = cognito_ ? pool_id_of(config) : "";
  issuer_ = config.jwt_issuer;
  const model::UserPool* pool = find_pool(api, config, pool_id, issuer_);
  if (pool != nullptr && issuer_.empty()) {
    issuer_ = pool->issuer;
  }
  if (issuer_.empty() && !pool_id.empty()) {
    std::string region = pool_id.substr(0, pool_id.find('_'));
    issuer_ = "https://cognito-idp." + region + ".amazonaws.com/" + pool_id;
  }
  audience_ = config.jwt_audience;
  if (audience_.empty() && pool != nullptr) {
    audience_ = pool->audience;
  }
  jwks_ = std::make_unique<JwksSource>(api, jwks_location_for(api, issuer_, pool), state_dir);
}

void JwtCheck::unauthorized(Exchange& ex, std::string_view why) const {
  ex.trace("authorizer: ", config_.name, ": ", why);
  ex.respond(GatewayResponseType::Unauthorized);
  if (http_api_) {
    ex.response.headers.set(
        "www-authenticate",
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + std::string(why) + "\"");
  }
}

Verdict JwtCheck::run(Exchange& ex, const std::vector<std::string>& scopes) const {
  Verdict v;
  v.responded = true;
  std::optional<std::string> token =
      sources_.empty() ? std::nullopt : identity_value(sources_[0], ex);
  if (!token) {
    unauthorized(
        ex, "no token in " + (sources_.empty() ? std::string("the request") : sources_[0].text()));
    return v;
  }
  std::string why;
  auto keys = jwks_->get(ex, jwt_kid(*token), why);
  if (!keys) {
    unauthorized(ex, "cannot load the JWKS (" + jwks_->location() + "): " + why);
    return v;
  }
  JwtRules rules;
  rules.issuer = issuer_;
  rules.audience = audience_;
  rules.now = ex.shared.clock->now();
  rules.scopes = scopes;
  rules.algorithms = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"};
  if (cognito_) {
    rules.token_use = scopes.empty() ? "id" : "access";
  }
  auto verified = verify_jwt(*token, *keys, rules);
  if (!verified) {
    if (verified.error().insufficient_scope && http_api_) {
      ex.trace("authorizer: ", config_.name, ": ", verified.error().description);
      ex.respond(GatewayResponseType::AccessDenied);
      ex.response.headers.set("www-authenticate",
                              "Bearer scope=\"" + quoted_scopes(scopes) +
                                  "\" error=\"insufficient_scope\" error_description=\"expected "
                                  "scopes: [" +
                                  quoted_scopes(scopes) + "]\"");
      return v;
    }
    unauthorized(ex, verified.error().description);
    return v;
  }
  pipeline::AuthorizerResult& a = ex.context.authorizer;
  a.kind = cognito_ ? "cognito" : "jwt";
  a.claims_json = verified->claims_json;
  a.scopes = verified->scopes;
  std::string prefix = cognito_ ? "claims." : "jwt.claims.";
  for (const auto& [k, val] : verified->claims) {
    a.context.emplace_back(prefix + k, val);
  }
  if (!cognito_) {
    a.context.emplace_back("jwt.scopes", quoted_scopes(verified->scopes));
  }
  if (auto sub = verified->claims.find("sub"); sub != verified->claims.end()) {
    a.principal_id = sub->second;
  }
  ex.trace("authorizer: ", config_.name, ": token of ", a.principal_id, " accepted");
  v.responded = false;
  v.decision = Decision::Allow;
  return v;
}

}  // namespace gw::auth
