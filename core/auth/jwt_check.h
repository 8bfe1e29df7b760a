#pragma once

/// Runs a JWT authorizer (HTTP APIs) or a Cognito user pool authorizer (REST) for one request.
///
/// Emulates: fact 58. The token comes from the identity source (default the Authorization
/// header, optionally `Bearer `-prefixed); RSA signatures only (RS256/384/512, PS256/384/512),
/// key by kid; iss, aud / client_id, exp / nbf / iat with the injected clock; scopes.
/// HTTP APIs: failures answer 401 `{"message":"Unauthorized"}` with a `www-authenticate: Bearer
/// ... error="invalid_token"` header, missing scopes 403 `{"message":"Forbidden"}` with
/// error="insufficient_scope"; claims reach `$context.authorizer.jwt.claims.*` / `.jwt.scopes`.
/// REST Cognito: a method without authorization scopes needs an id token, one with scopes an
/// access token holding one of them (token_use); every failure is 401; claims reach
/// `$context.authorizer.claims.*`.
/// Reads: jwtConfiguration {issuer, audience}, providerARNs, x-gw.userPools {issuer, jwks,
/// audience}.
/// Differences: a Cognito pool without x-gw.userPools jwks, or a non-loopback issuer, is served
/// by gw's development issuer key (`gw token`); there is no Cognito service locally.

#include <memory>
#include <string>
#include <vector>

#include "core/auth/identity_source.h"
#include "core/auth/jwks_source.h"
#include "core/auth/verdict.h"
#include "core/model/api.h"

namespace gw::auth {

class JwtCheck {
 public:
  JwtCheck(const model::Api& api, const model::Authorizer& config, const std::string& state_dir);

  /// scopes: the method's authorization scopes (the security requirement's list).
  Verdict run(pipeline::Exchange& ex, const std::vector<std::string>& scopes) const;

 private:
  void unauthorized(pipeline::Exchange& ex, std::string_view why) const;

  const model::Authorizer& config_;
  bool cognito_ = false;
  bool http_api_ = false;
  std::vector<IdentitySource> sources_;
  std::string issuer_;
  std::vector<std::string> audience_;
  std::unique_ptr<JwksSource> jwks_;
};

}  // namespace gw::auth
