#pragma once

/// gw's development issuer: an RSA key pair kept in the state directory (`.gw/` beside the spec,
/// or --state-dir), which `gw token` signs with and whose JWKS the JWT and Cognito authorizers
/// use when no other JWKS is configured, so tokens can be tried with no outside service.

#include <string>
#include <string_view>

#include "core/base/crypto.h"
#include "core/base/result.h"

namespace gw::auth {

/// The issuer (`iss`) `gw token` writes by default.
inline constexpr std::string_view kLocalIssuer = "https://issuer.gw.localhost";
/// The key file inside the state directory.
inline constexpr std::string_view kDevKeyFile = "dev-issuer-key.pem";

/// The development key; created (with its directory) when absent and create is true.
Result<crypto::SigningKey> load_dev_key(const std::string& state_dir, bool create);
/// The key's kid (a base64url SHA-256 thumbprint prefix of its modulus).
std::string dev_kid(const crypto::JwkFields& jwk);
/// The JWKS document (`{"keys":[{kty,use,alg,kid,n,e}]}`) for the development key.
Result<std::string> dev_jwks_json(const crypto::SigningKey& key);
/// An RS256 JWT over the claims object (JSON text) with header {alg, typ, kid}.
Result<std::string> sign_dev_jwt(const crypto::SigningKey& key, std::string_view claims_json);
/// The OpenID discovery document for issuer with its jwks_uri.
std::string discovery_document(std::string_view issuer, std::string_view jwks_uri);

}  // namespace gw::auth
