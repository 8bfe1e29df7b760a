#include "core/base/crypto.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <vector>

namespace gw::crypto {

namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The digest an alg names ("RS256" -> SHA-256), nullptr for an unknown one.
const EVP_MD* digest_of(std::string_view alg) {
  if (alg.size() != 5) {
    return nullptr;
  }
  std::string_view bits = alg.substr(2);
  if (bits == "256") {
    return EVP_sha256();
  }
  if (bits == "384") {
    return EVP_sha384();
  }
  if (bits == "512") {
    return EVP_sha512();
  }
  return nullptr;
}

BnPtr bn_from_b64url(std::string_view text) {
  auto raw = base64url_decode(text);
  if (!raw || raw->empty()) {
    return nullptr;
  }
  return BnPtr(BN_bin2bn(bytes(*raw), static_cast<int>(raw->size()), nullptr));
}

PkeyPtr pkey_from_params(const char* type, OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* out = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
    return nullptr;
  }
  return PkeyPtr(out);
}

PkeyPtr rsa_key(const JwkFields& jwk) {
  BnPtr n = bn_from_b64url(jwk.n);
  BnPtr e = bn_from_b64url(jwk.e);
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  return params ? pkey_from_params("RSA", params.get()) : nullptr;
}

// Coordinate size in bytes of a JWK curve, 0 for an unknown one.
size_t curve_bytes(std::string_view crv) {
  return crv == "P-256" ? 32 : crv == "P-384" ? 48 : crv == "P-521" ? 66 : 0;
}

PkeyPtr ec_key(const JwkFields& jwk) {
  size_t size = curve_bytes(jwk.crv);
  auto x = base64url_decode(jwk.x);
  auto y = base64url_decode(jwk.y);
  if (size == 0 || !x || !y || x->size() != size || y->size() != size) {
    return nullptr;
  }
  std::string point = "\x04" + *x + *y;
  std::string group = jwk.crv == "P-256"   ? "prime256v1"
                      : jwk.crv == "P-384" ? "secp384r1"
                                           : "secp521r1";
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.c_str(), 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  return params ? pkey_from_params("EC", params.get()) : nullptr;
}

// JWS ECDSA signatures are R || S; OpenSSL wants DER.
std::optional<std::string> ecdsa_raw_to_der(std::string_view sig, size_t coord) {
  if (sig.size() != 2 * coord) {
    return std::nullopt;
  }
  EcdsaSigPtr es(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(sig), static_cast<int>(coord), nullptr);
  BIGNUM* s = BN_bin2bn(bytes(sig.substr(coord)), static_cast<int>(coord), nullptr);
  if (!es || r == nullptr || s == nullptr || ECDSA_SIG_set0(es.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(es.get(), &der);
  if (len <= 0) {
    return std::nullopt;
  }
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool set_pss(EVP_PKEY_CTX* pctx, std::string_view alg) {
  return alg.starts_with("PS")
             ? EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
                   EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0
             : true;
}

}  // namespace

std::string sha256(std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out.data()), len);
}

std::string md5(std::string_view data) {
  std::array<unsigned char, 16> out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<char*>(out.data()), len);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), out.data(),
       &len);
  return std::string(reinterpret_cast<char*>(out.data()), len);
}

std::string to_hex(std::string_view raw) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (char c : raw) {
    auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64url_encode(std::string_view raw) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : raw) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) {
    out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '-'             ? 62
            : c == '_'             ? 63
                                   : -1;
    if (v < 0) {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

struct PublicKey::Impl {
  PkeyPtr pkey;
  size_t ec_coord = 0;
};

PublicKey::PublicKey(std::unique_ptr<Impl> impl, std::string kty)
    : impl_(std::move(impl)), kty_(std::move(kty)) {}
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;
PublicKey::~PublicKey() = default;

Result<PublicKey> PublicKey::from_jwk(const JwkFields& jwk) {
  auto impl = std::make_unique<Impl>();
  if (jwk.kty == "RSA") {
    impl->pkey = rsa_key(jwk);
  } else if (jwk.kty == "EC") {
    impl->pkey = ec_key(jwk);
    impl->ec_coord = curve_bytes(jwk.crv);
  } else {
    return fail(ErrorKind::BadInput, "unsupported JWK key type '" + jwk.kty + "'");
  }
  if (!impl->pkey) {
    return fail(ErrorKind::BadInput, "invalid " + jwk.kty + " JWK");
  }
  return PublicKey(std::move(impl), jwk.kty);
}

bool PublicKey::verify(std::string_view alg, std::string_view input,
                       std::string_view signature) const {
  const EVP_MD* md = digest_of(alg);
  bool rsa_alg = alg.starts_with("RS") || alg.starts_with("PS");
  bool ec_alg = alg.starts_with("ES");
  if (md == nullptr || (kty_ == "RSA" && !rsa_alg) || (kty_ == "EC" && !ec_alg)) {
    return false;
  }
  std::string der;
  if (ec_alg) {
    // ES256 pairs with P-256, ES384 with P-384, ES512 with P-521.
    size_t want = alg == "ES256" ? 32 : alg == "ES384" ? 48 : 66;
    auto d = want == impl_->ec_coord ? ecdsa_raw_to_der(signature, want) : std::nullopt;
    if (!d) {
      return false;
    }
    der = std::move(*d);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, impl_->pkey.get()) <= 0 ||
      !set_pss(pctx, alg)) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input),
                          input.size()) == 1;
}

struct SigningKey::Impl {
  PkeyPtr pkey;
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::generate_rsa() {
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(EVP_RSA_gen(2048));
  if (!impl->pkey) {
    return fail(ErrorKind::Internal, "RSA key generation failed");
  }
  return SigningKey(std::move(impl));
}

Result<SigningKey> SigningKey::from_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  auto impl = std::make_unique<Impl>();
  if (bio) {
    impl->pkey.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  }
  if (!impl->pkey || EVP_PKEY_get_base_id(impl->pkey.get()) != EVP_PKEY_RSA) {
    return fail(ErrorKind::BadInput, "not an RSA private key in PEM form");
  }
  return SigningKey(std::move(impl));
}

Result<std::string> SigningKey::to_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0,
                                            nullptr, nullptr) != 1) {
    return fail(ErrorKind::Internal, "cannot write the private key");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<JwkFields> SigningKey::public_jwk() const {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  if (EVP_PKEY_get_bn_param(impl_->pkey.get(), OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
      EVP_PKEY_get_bn_param(impl_->pkey.get(), OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
    BN_free(n);
    return fail(ErrorKind::Internal, "cannot read the public key");
  }
  BnPtr nn(n);
  BnPtr ee(e);
  auto encode = [](const BIGNUM* b) {
    std::string raw(static_cast<size_t>(BN_num_bytes(b)), '\0');
    BN_bn2bin(b, reinterpret_cast<unsigned char*>(raw.data()));
    return base64url_encode(raw);
  };
  JwkFields out;
  out.kty = "RSA";
  out.n = encode(nn.get());
  out.e = encode(ee.get());
  return out;
}

Result<std::string> SigningKey::sign(std::string_view alg, std::string_view input) const {
  const EVP_MD* md = digest_of(alg);
  if (md == nullptr || !(alg.starts_with("RS") || alg.starts_with("PS"))) {
    return fail(ErrorKind::BadInput, "cannot sign " + std::string(alg) + " with an RSA key");
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, impl_->pkey.get()) <= 0 ||
      !set_pss(pctx, alg) ||
      EVP_DigestSign(ctx.get(), nullptr, &len, bytes(input), input.size()) <= 0) {
    return fail(ErrorKind::Internal, "signing failed");
  }
  std::string out(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes(input),
                     input.size()) <= 0) {
    return fail(ErrorKind::Internal, "signing failed");
  }
  out.resize(len);
  return out;
}

namespace {

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string name_text(const X509_NAME* name) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  return bio_string(bio.get());
}

std::string time_text(const ASN1_TIME* t) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  ASN1_TIME_print(bio.get(), t);
  return bio_string(bio.get());
}

}  // namespace

std::optional<CertificateInfo> describe_certificate(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  ERR_clear_error();
  if (!cert) {
    return std::nullopt;
  }
  CertificateInfo info;
  info.pem = std::string(pem);
  info.subject_dn = name_text(X509_get_subject_name(cert.get()));
  info.issuer_dn = name_text(X509_get_issuer_name(cert.get()));
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert.get());
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < serial->length; ++i) {
    if (i > 0) {
      info.serial_number += ':';
    }
    info.serial_number += kHex[serial->data[i] >> 4];
    info.serial_number += kHex[serial->data[i] & 0xf];
  }
  info.not_before = time_text(X509_get0_notBefore(cert.get()));
  info.not_after = time_text(X509_get0_notAfter(cert.get()));
  return info;
}

}  // namespace gw::crypto
