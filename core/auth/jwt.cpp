#include "core/auth/jwt.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/strings.h"

namespace gw::auth {

namespace {

using nlohmann::json;

std::unexpected<JwtFailure> refuse(std::string why, bool scope = false) {
  return std::unexpected(JwtFailure{std::move(why), scope});
}

std::string_view strip_bearer(std::string_view token) {
  token = trim(token);
  if (starts_with_icase(token, "Bearer ")) {
    token = trim(token.substr(7));
  }
  return token;
}

std::optional<json> decode_part(std::string_view part) {
  auto raw = crypto::base64url_decode(part);
  if (!raw) {
    return std::nullopt;
  }
  json j = json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::nullopt;
  }
  return j;
}

std::optional<int64_t> numeric(const json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) {
    return std::nullopt;
  }
  return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(it->get<double>());
}

std::vector<std::string> scopes_of(const json& claims) {
  std::vector<std::string> out;
  if (auto it = claims.find("scope"); it != claims.end() && it->is_string()) {
    // Split the claim itself, not a temporary copy: the views must outlive the loop.
    const std::string& text = it->get_ref<const std::string&>();
    for (std::string_view s : split(text, ' ')) {
      if (!s.empty()) {
        out.emplace_back(s);
      }
    }
  } else if (auto scp = claims.find("scp"); scp != claims.end()) {
    if (scp->is_array()) {
      for (const json& s : *scp) {
        if (s.is_string()) {
          out.push_back(s.get<std::string>());
        }
      }
    } else if (scp->is_string()) {
      const std::string& text = scp->get_ref<const std::string&>();
      for (std::string_view s : split(text, ' ')) {
        if (!s.empty()) {
          out.emplace_back(s);
        }
      }
    }
  }
  return out;
}

std::expected<bool, JwtFailure> check_times(const json& claims, const JwtRules& rules) {
  int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(rules.now.time_since_epoch()).count();
  auto exp = numeric(claims, "exp");
  if (!exp) {
    return refuse("the token has no exp claim");
  }
  if (now >= *exp) {
    return refuse("the token has expired");
  }
  if (auto nbf = numeric(claims, "nbf"); nbf && now < *nbf) {
    return refuse("the token is not valid yet (nbf)");
  }
  if (auto iat = numeric(claims, "iat"); iat && now < *iat) {
    return refuse("the token was issued in the future (iat)");
  }
  return true;
}

bool audience_ok(const json& claims, const std::vector<std::string>& audience) {
  if (audience.empty()) {
    return true;
  }
  auto listed = [&](const json& v) {
    return v.is_string() &&
           std::find(audience.begin(), audience.end(), v.get<std::string>()) != audience.end();
  };
  if (auto aud = claims.find("aud"); aud != claims.end()) {
    if (aud->is_array() ? std::any_of(aud->begin(), aud->end(), listed) : listed(*aud)) {
      return true;
    }
  }
  auto cid = claims.find("client_id");
  return cid != claims.end() && listed(*cid);
}

std::expected<bool, JwtFailure> check_claims(const json& claims, const JwtRules& rules) {
  auto times = check_times(claims, rules);
  if (!times) {
    return times;
  }
  if (!rules.issuer.empty() && claims.value("iss", json()) != json(rules.issuer)) {
    return refuse("the token's issuer is not " + rules.issuer);
  }
  if (!audience_ok(claims, rules.audience)) {
    return refuse("the token's audience (aud / client_id) is not accepted");
  }
  if (!rules.token_use.empty() && claims.value("token_use", json()) != json(rules.token_use)) {
    return refuse("the token is not an " + rules.token_use + " token (token_use)");
  }
  return true;
}

}  // namespace

Result<Jwks> Jwks::parse(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return fail(ErrorKind::BadInput, "not a JWKS document (no keys array)");
  }
  Jwks out;
  for (const json& k : doc["keys"]) {
    if (!k.is_object()) {
      continue;
    }
    crypto::JwkFields f;
    f.kty = k.value("kty", "");
    f.n = k.value("n", "");
    f.e = k.value("e", "");
    f.crv = k.value("crv", "");
    f.x = k.value("x", "");
    f.y = k.value("y", "");
    auto key = crypto::PublicKey::from_jwk(f);
    if (key) {
      out.keys_.emplace_back(k.value("kid", ""),
                             std::make_shared<const crypto::PublicKey>(std::move(*key)));
    }
  }
  if (out.keys_.empty()) {
    return fail(ErrorKind::BadInput, "the JWKS holds no usable RSA or EC key");
  }
  return out;
}

const crypto::PublicKey* Jwks::find(std::string_view kid) const {
  if (kid.empty()) {
    return keys_.size() == 1 ? keys_[0].second.get() : nullptr;
  }
  for (const auto& [k, key] : keys_) {
    if (k == kid) {
      return key.get();
    }
  }
  return nullptr;
}

std::string jwt_kid(std::string_view token) {
  token = strip_bearer(token);
  auto header = decode_part(token.substr(0, token.find('.')));
  return header && header->contains("kid") && (*header)["kid"].is_string()
             ? (*header)["kid"].get<std::string>()
             : "";
}

std::expected<VerifiedJwt, JwtFailure> verify_jwt(std::string_view token, const Jwks& jwks,
                                                  const JwtRules& rules) {
  token = strip_bearer(token);
  size_t d1 = token.find('.');
  size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) {
    return refuse("the token is not a JWS in compact form");
  }
  auto header = decode_part(token.substr(0, d1));
  auto claims = decode_part(token.substr(d1 + 1, d2 - d1 - 1));
  auto signature = crypto::base64url_decode(token.substr(d2 + 1));
  if (!header || !claims || !signature) {
    return refuse("the token is malformed");
  }
  std::string alg = header->value("alg", "");
  if (std::find(rules.algorithms.begin(), rules.algorithms.end(), alg) == rules.algorithms.end()) {
    return refuse("signing method " + (alg.empty() ? std::string("(none)") : alg) +
                  " is not accepted");
  }
  std::string kid = header->value("kid", "");
  const crypto::PublicKey* key = jwks.find(kid);
  if (key == nullptr) {
    return refuse("no key in the JWKS matches kid '" + kid + "'");
  }
  if (!key->verify(alg, token.substr(0, d2), *signature)) {
    return refuse("the token's signature is invalid");
  }
  auto ok = check_claims(*claims, rules);
  if (!ok) {
    return std::unexpected(ok.error());
  }
  VerifiedJwt out;
  out.scopes = scopes_of(*claims);
  if (!rules.scopes.empty() &&
      std::none_of(rules.scopes.begin(), rules.scopes.end(), [&](const std::string& s) {
        return std::find(out.scopes.begin(), out.scopes.end(), s) != out.scopes.end();
      })) {
    return refuse("the token lacks the scopes this route requires", true);
  }
  out.claims_json = claims->dump(-1, ' ', false, json::error_handler_t::replace);
  for (const auto& [k, v] : claims->items()) {
    out.claims[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

}  // namespace gw::auth
