#include "core/auth/jwt.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/auth/local_issuer.h"

using namespace gw;
using namespace gw::auth;
using nlohmann::json;

namespace {

constexpr int64_t kNow = 1764105023;

struct Keys {
  Keys() : key(*crypto::SigningKey::generate_rsa()) {
    jwks = *Jwks::parse(*dev_jwks_json(key));
    kid = dev_kid(*key.public_jwk());
  }
  std::string sign(const json& claims, json header = json::object(),
                   std::string_view alg = "RS256") const {
    if (header.empty()) {
      header = {{"alg", std::string(alg)}, {"kid", kid}};
    }
    std::string input =
        crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(claims.dump());
    std::string sig = alg == "none" ? "" : *key.sign(alg, input);
    return input + "." + crypto::base64url_encode(sig);
  }
  crypto::SigningKey key;
  Jwks jwks;
  std::string kid;
};

const Keys& keys() {
  static Keys k;
  return k;
}

json claims() {
  return {{"iss", "https://issuer.test"},
          {"aud", "app"},
          {"sub", "u-1"},
          {"exp", kNow + 60},
          {"iat", kNow - 1},
          {"scope", "read write"}};
}

JwtRules rules() {
  JwtRules r;
  r.issuer = "https://issuer.test";
  r.audience = {"app"};
  r.now = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  return r;
}

std::string why(const std::string& token, const JwtRules& r = rules()) {
  auto v = verify_jwt(token, keys().jwks, r);
  return v ? "" : v.error().description;
}

}  // namespace

TEST_SUITE("gw::auth jwt") {
  TEST_CASE("fact 58: a valid RS256 token is accepted, Bearer prefix or not") {
    std::string t = keys().sign(claims());
    auto v = verify_jwt("Bearer " + t, keys().jwks, rules());
    REQUIRE(v.has_value());
    CHECK(v->claims.at("sub") == "u-1");
    CHECK(v->scopes == std::vector<std::string>{"read", "write"});
    CHECK(json::parse(v->claims_json)["aud"] == "app");
    CHECK(verify_jwt(t, keys().jwks, rules()).has_value());
    CHECK(jwt_kid(t) == keys().kid);
  }

  TEST_CASE("fact 58: exp, nbf and iat against the injected clock") {
    json c = claims();
    c["exp"] = kNow;
    CHECK(why(keys().sign(c)) == "the token has expired");
    c = claims();
    c.erase("exp");
    CHECK(why(keys().sign(c)) == "the token has no exp claim");
    c = claims();
    c["nbf"] = kNow + 5;
    CHECK(why(keys().sign(c)).find("nbf") != std::string::npos);
    c = claims();
    c["iat"] = kNow + 5;
    CHECK(why(keys().sign(c)).find("iat") != std::string::npos);
  }

  TEST_CASE("fact 58: issuer, audience or client_id") {
    json c = claims();
    c["iss"] = "https://evil.test";
    CHECK(why(keys().sign(c)).find("issuer") != std::string::npos);
    c = claims();
    c["aud"] = "other";
    CHECK(why(keys().sign(c)).find("audience") != std::string::npos);
    c.erase("aud");
    c["client_id"] = "app";  // Cognito access tokens carry client_id, not aud
    CHECK(why(keys().sign(c)).empty());
    c = claims();
    c["aud"] = json::array({"x", "app"});
    CHECK(why(keys().sign(c)).empty());
  }

  TEST_CASE("scopes: one of the route's scopes is enough; none is insufficient_scope") {
    JwtRules r = rules();
    r.scopes = {"admin", "write"};
    CHECK(why(keys().sign(claims()), r).empty());
    r.scopes = {"admin"};
    auto v = verify_jwt(keys().sign(claims()), keys().jwks, r);
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().insufficient_scope);
    json c = claims();
    c.erase("scope");
    c["scp"] = json::array({"admin"});
    CHECK(why(keys().sign(c), r).empty());
  }

  TEST_CASE("Cognito token_use") {
    JwtRules r = rules();
    r.token_use = "id";
    json c = claims();
    c["token_use"] = "access";
    CHECK(why(keys().sign(c), r).find("token_use") != std::string::npos);
    c["token_use"] = "id";
    CHECK(why(keys().sign(c), r).empty());
  }

  TEST_CASE("alg none, HMAC confusion, unknown kid, tampering and garbage are rejected") {
    CHECK(why(keys().sign(claims(), {{"alg", "none"}, {"kid", keys().kid}}, "none"))
              .find("not accepted") != std::string::npos);
    // HS256 "signed" with the public key's modulus as the secret: the classic confusion attack.
    std::string input =
        crypto::base64url_encode(json{{"alg", "HS256"}, {"kid", keys().kid}}.dump()) + "." +
        crypto::base64url_encode(claims().dump());
    std::string forged =
        input + "." +
        crypto::base64url_encode(crypto::hmac_sha256(*dev_jwks_json(keys().key), input));
    CHECK(why(forged).find("HS256 is not accepted") != std::string::npos);
    JwtRules any_alg = rules();
    any_alg.algorithms.push_back("HS256");
    CHECK_FALSE(why(forged, any_alg).empty());  // no key verifies an HMAC
    CHECK(why(keys().sign(claims(), {{"alg", "RS256"}, {"kid", "nope"}})).find("kid") !=
          std::string::npos);
    std::string t = keys().sign(claims());
    std::string tampered = t;
    size_t dot = tampered.find('.');
    json other = claims();
    other["sub"] = "admin";
    tampered = tampered.substr(0, dot + 1) + crypto::base64url_encode(other.dump()) +
               tampered.substr(tampered.rfind('.'));
    CHECK(why(tampered) == "the token's signature is invalid");
    CHECK_FALSE(why("a.b").empty());
    CHECK_FALSE(why("").empty());
    CHECK_FALSE(why("a.b.c.d").empty());
    JwtRules es = rules();
    es.algorithms = {"ES256"};
    CHECK_FALSE(why(t, es).empty());
  }

  TEST_CASE("Jwks::parse skips unusable keys and needs one") {
    CHECK_FALSE(Jwks::parse("{}").has_value());
    CHECK_FALSE(Jwks::parse(R"({"keys":[{"kty":"oct","k":"abc"}]})").has_value());
    auto one = Jwks::parse(*dev_jwks_json(keys().key));
    REQUIRE(one.has_value());
    CHECK(one->size() == 1);
    CHECK(one->find("") != nullptr);  // a single key serves a token without kid
  }
}
