#include "core/server/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/buffer.hpp>

#include <cctype>

namespace gw::server {
namespace {

namespace ssl = boost::asio::ssl;

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

// Verification runs and records its result (SSL_get_verify_result); the handshake goes on
// either way, so a refused certificate gets API Gateway's 403 instead of a failed handshake.
int accept_and_record(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) { return 1; }

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A name in a certificate's sense: exact, or "*.example.test" for one more leading label.
bool name_matches(const std::string& pattern, const std::string& name) {
  if (pattern.size() > 2 && pattern.compare(0, 2, "*.") == 0) {
    const size_t dot = name.find('.');
    return dot != std::string::npos && dot > 0 && iequal(name.substr(dot + 1), pattern.substr(2));
  }
  return iequal(pattern, name);
}

// The host_name of a ClientHello's server_name extension (RFC 6066 §3), "" for none.
std::string client_hello_server_name(SSL* ssl) {
  const unsigned char* p = nullptr;
  size_t len = 0;
  if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &p, &len) != 1 || len < 5) {
    return "";
  }
  const size_t list = (static_cast<size_t>(p[0]) << 8) | p[1];
  if (list + 2 != len || p[2] != TLSEXT_NAMETYPE_host_name) {
    return "";
  }
  const size_t name_len = (static_cast<size_t>(p[3]) << 8) | p[4];
  if (name_len + 5 > len) {
    return "";
  }
  return std::string(reinterpret_cast<const char*>(p + 5), name_len);
}

std::string reason_for(long verify_result) {
  switch (verify_result) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return "self signed certificate";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return "Could not find issuer for certificate";
    default:
      return X509_verify_cert_error_string(verify_result);
  }
}

}  // namespace

TlsContexts::~TlsContexts() = default;

Result<TlsContexts::Site> TlsContexts::make_site(const TlsSite& in) {
  const std::string label = in.label.empty() ? "the TLS certificate" : in.label;
  Site site;
  site.names = in.names;
  site.context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = site.context->native_handle();
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (in.policy == TlsPolicy::Tls10) {
    // AWS's TLS_1_0 policy still accepts TLS 1.0 clients: OpenSSL 3 refuses them below
    // security level 0.
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  } else {
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  }
  boost::system::error_code ec;
  site.context->use_certificate_chain(boost::asio::buffer(in.cert_pem), ec);
  if (ec) {
    ERR_clear_error();
    return fail(ErrorKind::BadInput,
                label + ": not a PEM certificate (" + ec.message() + ")", in.where);
  }
  site.context->use_private_key(boost::asio::buffer(in.key_pem), ssl::context::pem, ec);
  if (ec) {
    ERR_clear_error();
    return fail(ErrorKind::BadInput, label + ": the key is not a PEM private key (" +
                                         ec.message() + ")", in.where);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return fail(ErrorKind::BadInput, label + ": the key does not belong to the certificate",
                in.where);
  }
  if (!in.truststore_pem.empty()) {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
    BioPtr bio(BIO_new_mem_buf(in.truststore_pem.data(), static_cast<int>(in.truststore_pem.size())));
    int count = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      X509_STORE_add_cert(store, cert);
      sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(cert)));
      X509_free(cert);
      ++count;
    }
    ERR_clear_error();  // the end of the PEM stream reads as an error
    if (count == 0) {
      sk_X509_NAME_pop_free(names, X509_NAME_free);
      return fail(ErrorKind::BadInput, label + ": the truststore holds no PEM certificate",
                  in.where);
    }
    SSL_CTX_set_client_CA_list(ctx, names);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_and_record);
    SSL_CTX_set_verify_depth(ctx, 10);
  }
  return site;
}

Result<std::unique_ptr<TlsContexts>> TlsContexts::build(const TlsOptions& options) {
  std::unique_ptr<TlsContexts> out(new TlsContexts());
  auto fallback = make_site(options.fallback);
  if (!fallback) {
    return std::unexpected(fallback.error());
  }
  out->fallback_ = std::move(*fallback);
  for (const TlsSite& s : options.sites) {
    auto site = make_site(s);
    if (!site) {
      return std::unexpected(site.error());
    }
    out->sites_.push_back(std::move(*site));
  }
  out->plain_http_too_ = options.plain_http_too;
  // The site is chosen from the ClientHello, before the version is negotiated, so each
  // site's own lowest version and client-certificate request apply.
  SSL_CTX_set_client_hello_cb(
      out->initial().native_handle(),
      [](SSL* ssl, int* /*alert*/, void* arg) -> int {
        const auto* self = static_cast<const TlsContexts*>(arg);
        const Site* site = self->site_for(client_hello_server_name(ssl));
        SSL_CTX* ctx = site->context->native_handle();
        if (ctx != SSL_get_SSL_CTX(ssl)) {
          SSL_set_SSL_CTX(ssl, ctx);
          SSL_set_options(ssl, SSL_CTX_get_options(ctx));
          SSL_set_security_level(ssl, SSL_CTX_get_security_level(ctx));
          SSL_set_min_proto_version(ssl, SSL_CTX_get_min_proto_version(ctx));
          SSL_set_verify(ssl, SSL_CTX_get_verify_mode(ctx), SSL_CTX_get_verify_callback(ctx));
          SSL_set_verify_depth(ssl, SSL_CTX_get_verify_depth(ctx));
          if (STACK_OF(X509_NAME)* names = SSL_CTX_get_client_CA_list(ctx)) {
            SSL_set_client_CA_list(ssl, SSL_dup_CA_list(names));
          }
        }
        return SSL_CLIENT_HELLO_SUCCESS;
      },
      out.get());
  return out;
}

const TlsContexts::Site* TlsContexts::site_for(const std::string& server_name) const {
  if (!server_name.empty()) {
    for (const Site& site : sites_) {
      for (const std::string& name : site.names) {
        if (name_matches(name, server_name)) {
          return &site;
        }
      }
    }
  }
  return &fallback_;
}

TlsPeer TlsContexts::peer_of(void* handle) {
  SSL* ssl = static_cast<SSL*>(handle);
  TlsPeer peer;
  if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) {
    peer.sni = name;
  }
  peer.mtls_required = (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) != 0;
  if (!peer.mtls_required) {
    return peer;
  }
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) {
    peer.client_cert_error = "No client certificate presented";
    return peer;
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  X509_free(cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  peer.client_cert_pem.assign(data, n > 0 ? static_cast<size_t>(n) : 0);
  const long verified = SSL_get_verify_result(ssl);
  if (verified != X509_V_OK) {
    peer.client_cert_error = reason_for(verified);
  }
  return peer;
}

}  // namespace gw::server
