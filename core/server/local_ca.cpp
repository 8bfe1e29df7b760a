#include "core/server/local_ca.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/base/files.h"
namespace gw::server {
namespace {

namespace fs = std::filesystem;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;
using BioPtr = std::unique_ptr<BIO, Free>;

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return "unknown OpenSSL error";
  }
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string pem_of(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

std::string pem_of(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(bio.get());
}

CertPtr read_cert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return CertPtr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr read_key(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return KeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

bool add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// A certificate for `key` named `cn`, valid from an hour ago for `days`; not yet signed.
CertPtr new_cert(EVP_PKEY* key, const std::string& cn, long days) {
  CertPtr cert(X509_new());
  std::unique_ptr<BIGNUM, Free> serial(BN_new());
  if (!cert || !serial || X509_set_version(cert.get(), 2) != 1 ||
      BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return nullptr;
  }
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 86400L);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("gw local development"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  return cert;
}

Result<LocalCa> create_ca() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    return fail(ErrorKind::Environment, "cannot create the local CA's key: " + openssl_error());
  }
  CertPtr cert = new_cert(key.get(), "gw local development CA", 3650);
  if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1 ||
      !add_ext(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
      !add_ext(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
      !add_ext(cert.get(), cert.get(), NID_subject_key_identifier, "hash") ||
      !add_ext(cert.get(), cert.get(), NID_authority_key_identifier, "keyid:always") ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return fail(ErrorKind::Environment, "cannot create the local CA: " + openssl_error());
  }
  LocalCa ca;
  ca.cert_pem = pem_of(cert.get());
  ca.key_pem = pem_of(key.get());
  return ca;
}

// Reads the CA kept in key_path (key, then certificate).
Result<LocalCa> load_ca(const std::string& key_path) {
  auto text = files::read(key_path);
  if (!text) {
    return std::unexpected(text.error());
  }
  LocalCa ca;
  ca.key_pem = *text;
  KeyPtr key = read_key(*text);
  CertPtr cert = read_cert(*text);
  if (!key || !cert || X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return fail(ErrorKind::Environment, key_path + " is not a CA gw can use",
                {}, "delete it (and ca.pem beside it) to have gw make a new one");
  }
  ca.cert_pem = pem_of(cert.get());
  ca.key_pem = pem_of(key.get());
  return ca;
}

}  // namespace

Result<LocalCa> open_local_ca(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return fail(ErrorKind::Environment, "cannot create " + dir + ": " + ec.message());
  }
  ::chmod(dir.c_str(), 0700);
  const std::string key_path = (fs::path(dir) / "ca-key.pem").string();
  const std::string cert_path = (fs::path(dir) / "ca.pem").string();
  bool created = false;
  if (!fs::exists(key_path)) {
    auto fresh = create_ca();
    if (!fresh) {
      return fresh;
    }
    // link() publishes the key file only if none exists: of two gw starting at once, one wins
    // and both use its CA.
    const std::string tmp = key_path + "." + std::to_string(getpid()) + ".new";
    auto written = files::write_atomically(tmp, fresh->key_pem + fresh->cert_pem, 0600);
    if (!written) {
      return std::unexpected(written.error());
    }
    created = ::link(tmp.c_str(), key_path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (!created && link_errno != EEXIST) {
      return fail(ErrorKind::Environment,
                  "cannot write " + key_path + ": " + std::strerror(link_errno));
    }
  }
  auto ca = load_ca(key_path);
  if (!ca) {
    return ca;
  }
  ca->key_path = key_path;
  ca->cert_path = cert_path;
  ca->created = created;
  auto existing = files::read(cert_path);
  if (!existing || *existing != ca->cert_pem) {
    auto written = files::write_atomically(cert_path, ca->cert_pem, 0644);
    if (!written) {
      return std::unexpected(written.error());
    }
  }
  return ca;
}

Result<IssuedCertificate> issue_certificate(const LocalCa& ca,
                                            const std::vector<std::string>& names) {
  std::string san;
  for (const std::string& name : names) {
    unsigned char addr[16];
    const bool ip = inet_pton(AF_INET, name.c_str(), addr) == 1 ||
                    inet_pton(AF_INET6, name.c_str(), addr) == 1;
    bool dns = !name.empty() && name.size() <= 253 && !ip;
    for (size_t i = 0; dns && i < name.size(); ++i) {
      const char c = name[i];
      dns = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
            (c == '*' && i == 0 && name.size() > 2 && name[1] == '.');
    }
    if (!ip && !dns) {
      return fail(ErrorKind::BadInput, "cannot issue a certificate for '" + name +
                                           "': not a host name or an IP address");
    }
    san += (san.empty() ? "" : ",") + std::string(ip ? "IP:" : "DNS:") + name;
  }
  KeyPtr ca_key = read_key(ca.key_pem);
  CertPtr ca_cert = read_cert(ca.cert_pem);
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!ca_key || !ca_cert || !key) {
    return fail(ErrorKind::Environment, "cannot issue a certificate: " + openssl_error());
  }
  CertPtr cert = new_cert(key.get(), names.empty() ? "gw" : names.front(), 397);
  if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())) != 1 ||
      !add_ext(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_ext(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !add_ext(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") ||
      !add_ext(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash") ||
      !add_ext(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always") ||
      (!san.empty() && !add_ext(cert.get(), ca_cert.get(), NID_subject_alt_name, san.c_str())) ||
      X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0) {
    return fail(ErrorKind::Environment, "cannot issue a certificate: " + openssl_error());
  }
  return IssuedCertificate{pem_of(cert.get()) + ca.cert_pem, pem_of(key.get())};
}

}  // namespace gw::server
