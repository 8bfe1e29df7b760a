#include "core/base/crypto.h"
#include "tests/support/test_certificate.h"

#include <doctest/doctest.h>

using namespace gw::crypto;

namespace {

// RFC 7515 appendix A.3: an ES256 JWS and its P-256 public key.
constexpr std::string_view kA3Input =
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ";
constexpr std::string_view kA3Signature =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

JwkFields a3_key() {
  JwkFields k;
  k.kty = "EC";
  k.crv = "P-256";
  k.x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
  k.y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
  return k;
}

}  // namespace

TEST_SUITE("gw::crypto") {
  TEST_CASE("describe_certificate: the clientCert fields API Gateway gives mTLS requests") {
    const std::string pem(gw::testing::kAliceCertPem);
    auto info = describe_certificate(pem);
    REQUIRE(info);
    CHECK(info->pem == pem);
    CHECK(info->subject_dn == "CN=alice,O=Example");  // RFC 2253: most specific first
    CHECK(info->issuer_dn == "CN=alice,O=Example");
    CHECK(info->serial_number == "0a:1b:2c");
    CHECK(info->not_before == "Dec  2 16:01:45 2026 GMT");
    CHECK(info->not_after == "Nov  8 16:01:45 2126 GMT");
    CHECK_FALSE(describe_certificate("not a certificate"));
  }

  TEST_CASE("sha256 and hex: FIPS 180-2 'abc'") {
    CHECK(to_hex(sha256("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  TEST_CASE("hmac_sha256: RFC 4231 test case 2") {
    CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  TEST_CASE("base64url round trip, no padding, rejects foreign characters") {
    CHECK(base64url_encode("") == "");
    CHECK(base64url_encode("f") == "Zg");
    CHECK(base64url_encode("fo") == "Zm8");
    CHECK(base64url_encode("foo") == "Zm9v");
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
    CHECK(base64url_decode("Zm8=") == std::string("fo"));
    CHECK_FALSE(base64url_decode("Zm+v").has_value());
    CHECK_FALSE(base64url_decode("Z").has_value());
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
  }

  TEST_CASE("ES256: the RFC 7515 A.3 vector verifies; a flipped byte or wrong alg does not") {
    auto key = PublicKey::from_jwk(a3_key());
    REQUIRE(key.has_value());
    auto sig = base64url_decode(kA3Signature);
    REQUIRE(sig.has_value());
    CHECK(key->verify("ES256", kA3Input, *sig));
    std::string bad = *sig;
    bad[5] ^= 1;
    CHECK_FALSE(key->verify("ES256", kA3Input, bad));
    CHECK_FALSE(key->verify("ES384", kA3Input, *sig));
    CHECK_FALSE(key->verify("RS256", kA3Input, *sig));
    CHECK_FALSE(key->verify("ES256", std::string(kA3Input) + "x", *sig));
  }

  TEST_CASE("RSA: generated key signs RS256/RS384/RS512/PS256, its JWK verifies, PEM round trip") {
    auto key = SigningKey::generate_rsa();
    REQUIRE(key.has_value());
    auto jwk = key->public_jwk();
    REQUIRE(jwk.has_value());
    CHECK(jwk->e == "AQAB");
    auto pub = PublicKey::from_jwk(*jwk);
    REQUIRE(pub.has_value());
    for (std::string_view alg : {"RS256", "RS384", "RS512", "PS256"}) {
      auto sig = key->sign(alg, "header.payload");
      REQUIRE(sig.has_value());
      CHECK(pub->verify(alg, "header.payload", *sig));
      CHECK_FALSE(pub->verify(alg, "header.payloaX", *sig));
      CHECK_FALSE(pub->verify("ES256", "header.payload", *sig));
    }
    auto rs = key->sign("RS256", "x");
    CHECK_FALSE(pub->verify("PS256", "x", *rs));  // padding matters
    CHECK_FALSE(pub->verify("HS256", "x", *rs));  // algorithm confusion: no HMAC with a public key
    CHECK_FALSE(pub->verify("none", "x", ""));
    auto pem = key->to_pem();
    REQUIRE(pem.has_value());
    auto again = SigningKey::from_pem(*pem);
    REQUIRE(again.has_value());
    CHECK(again->public_jwk()->n == jwk->n);
    CHECK_FALSE(SigningKey::from_pem("not a key").has_value());
  }

  TEST_CASE("from_jwk rejects unknown key types and malformed coordinates") {
    JwkFields k = a3_key();
    k.x = "short";
    CHECK_FALSE(PublicKey::from_jwk(k).has_value());
    k = a3_key();
    k.kty = "oct";
    CHECK_FALSE(PublicKey::from_jwk(k).has_value());
    JwkFields rsa;
    rsa.kty = "RSA";
    CHECK_FALSE(PublicKey::from_jwk(rsa).has_value());
  }
}
