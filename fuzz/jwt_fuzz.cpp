// Fuzz target: JWTs as the JWT and Cognito authorizers read them (header, claims, signature
// against a JWKS), and JWKS documents. The first byte chooses: 'K' parses the rest as a JWKS,
// anything else verifies the input as a token against a fixed RSA key set.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/auth/jwt.h"

namespace {

const gw::auth::Jwks& jwks() {
  // A fixed public key (RFC 7515 appendix A.2's RSA key), so no key generation per run.
  static const gw::auth::Jwks keys = *gw::auth::Jwks::parse(R"({"keys":[{"kty":"RSA","kid":"k1",
    "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
    "e":"AQAB"}]})");
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!input.empty() && input[0] == 'K') {
    (void)gw::auth::Jwks::parse(input.substr(1));
    return 0;
  }
  gw::auth::JwtRules rules;
  rules.issuer = "https://issuer.test";
  rules.audience = {"app"};
  rules.scopes = {"read"};
  rules.now = std::chrono::system_clock::time_point(std::chrono::seconds(1764105023));
  (void)gw::auth::verify_jwt(input, jwks(), rules);
  (void)gw::auth::jwt_kid(input);
  return 0;
}
