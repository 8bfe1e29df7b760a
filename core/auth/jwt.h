#pragma once

/// JSON Web Tokens as API Gateway's JWT authorizers (HTTP APIs) and Cognito user pool
/// authorizers (REST) check them: JWS compact form, a key chosen by `kid` from a JWKS, the
/// signature, then the claims.
///
/// Emulates: fact 58 (iss equal to the issuer, aud or client_id in the audience, exp after now,
/// nbf and iat before now, scope / scp holding one of the route's scopes) and Cognito's
/// token_use rule (an id token without authorization scopes, an access token with them).
/// `alg: none`, HMAC algorithms and an algorithm that does not fit the key are rejected.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/crypto.h"
#include "core/base/result.h"

namespace gw::auth {

/// A parsed JWKS: public keys by kid.
class Jwks {
 public:
  /// Keys that are not RSA/EC or are malformed are skipped; no usable key is an error.
  static Result<Jwks> parse(std::string_view json);
  /// The key for kid; with an empty kid, the only key when there is exactly one.
  const crypto::PublicKey* find(std::string_view kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<std::pair<std::string, std::shared_ptr<const crypto::PublicKey>>> keys_;
};

struct JwtRules {
  std::string issuer;                 ///< "" = not checked
  std::vector<std::string> audience;  ///< aud or client_id must be one of these; empty = any
  std::vector<std::string> algorithms = {"RS256", "RS384", "RS512"};
  std::string token_use;            ///< "" any, "id" or "access" (Cognito)
  std::vector<std::string> scopes;  ///< any one of these must be granted; empty = none needed
  std::chrono::system_clock::time_point now;
};

/// Why a token was refused. insufficient_scope: valid but lacks the scopes (HTTP APIs: 403).
struct JwtFailure {
  std::string description;
  bool insufficient_scope = false;
};

struct VerifiedJwt {
  std::string claims_json;                    ///< the payload object
  std::vector<std::string> scopes;            ///< from scope (space-separated) or scp
  std::map<std::string, std::string> claims;  ///< top-level claims as text
};

/// Verifies token (an optional "Bearer " prefix is stripped) against jwks and rules.
std::expected<VerifiedJwt, JwtFailure> verify_jwt(std::string_view token, const Jwks& jwks,
                                                  const JwtRules& rules);

/// The kid in a token's header ("" when absent or unparsable), to decide on a JWKS refresh.
std::string jwt_kid(std::string_view token);

}  // namespace gw::auth
