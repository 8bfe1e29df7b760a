#pragma once

/// Hashes, MACs, encodings and signatures for the authorizers (SigV4, JWT/JWKS) and `gw token`.
/// With core/server's TLS (tls_context.cpp, local_ca.cpp), the only place gw includes OpenSSL:
/// everything else calls these functions.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw::crypto {

/// SHA-256 digest (32 raw bytes).
std::string sha256(std::string_view data);
/// MD5 digest (16 raw bytes): not for security; SQS reports MD5OfMessageBody, S3 ETags.
std::string md5(std::string_view data);
/// HMAC-SHA256 (32 raw bytes).
std::string hmac_sha256(std::string_view key, std::string_view data);
/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);
/// Constant-time comparison of equal-length strings (false when lengths differ).
bool constant_time_equal(std::string_view a, std::string_view b);

/// base64url without padding (RFC 7515 §2).
std::string base64url_encode(std::string_view bytes);
/// nullopt when text is not base64url (padding tolerated, whitespace rejected).
std::optional<std::string> base64url_decode(std::string_view text);

/// A JSON Web Key's public parts, base64url-encoded as in the JWK (RFC 7517/7518).
struct JwkFields {
  std::string kty;        ///< "RSA" | "EC"
  std::string n, e;       ///< RSA
  std::string crv, x, y;  ///< EC: P-256 | P-384 | P-521
};

/// A public key usable for JWS verification; immutable and safe to share between threads.
class PublicKey {
 public:
  static Result<PublicKey> from_jwk(const JwkFields& jwk);
  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;
  ~PublicKey();

  /// "RSA" or "EC".
  std::string_view kty() const { return kty_; }
  /// Verifies a JWS signature (RS256/384/512, PS256/384/512, ES256/384/512) over input.
  /// False for an algorithm that does not fit the key type, a bad length, or a mismatch.
  bool verify(std::string_view alg, std::string_view input, std::string_view signature) const;

 private:
  struct Impl;
  explicit PublicKey(std::unique_ptr<Impl> impl, std::string kty);
  std::unique_ptr<Impl> impl_;
  std::string kty_;
};

/// A private RSA key for signing development tokens (`gw token`).
class SigningKey {
 public:
  /// A fresh 2048-bit RSA key.
  static Result<SigningKey> generate_rsa();
  /// From PKCS#8 / traditional PEM text.
  static Result<SigningKey> from_pem(std::string_view pem);
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  /// PKCS#8 PEM text of the private key.
  Result<std::string> to_pem() const;
  /// The public half as JWK fields (kty RSA, n, e).
  Result<JwkFields> public_jwk() const;
  /// An RS256 / RS384 / RS512 / PS256 signature over input.
  Result<std::string> sign(std::string_view alg, std::string_view input) const;

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// What API Gateway tells of a client certificate (mTLS): $context.identity.clientCert.* and
/// the events' clientCert objects (AWS, "rest-api-mutual-tls": clientCertPem, subjectDN,
/// issuerDN, serialNumber, validity.notBefore/notAfter).
struct CertificateInfo {
  std::string pem;            ///< the certificate as the client sent it
  std::string subject_dn;     ///< RFC 2253 ("CN=alice,O=Example")
  std::string issuer_dn;
  std::string serial_number;  ///< colon-separated hex bytes ("0a:1b:...")
  std::string not_before;     ///< "May 28 12:30:02 2019 GMT"
  std::string not_after;
};

/// The parts of a PEM certificate; nullopt when the text holds none.
std::optional<CertificateInfo> describe_certificate(std::string_view pem);

}  // namespace gw::crypto
