#pragma once

/// HTTPS on gw's listener: what certificates it serves and whom it asks for one. Plain values
/// only (no OpenSSL or Boost types): cli/ fills them, http_server.cpp builds the contexts.
///
/// As API Gateway: a certificate per custom domain chosen by SNI (a client without SNI, or
/// naming no domain, gets the default endpoint's certificate); a security policy per domain
/// (TLS 1.0 or TLS 1.2 as the lowest version); mutual TLS per domain with a truststore. With
/// mTLS the handshake always completes and a request without a trusted certificate is answered
/// 403 {"message":"Forbidden"}, the reason only in the log (AWS knowledge center,
/// "api-gateway-mutual-tls-403-errors": "Access denied. Reason: Could not find issuer for
/// certificate" / "self signed certificate").
/// Known differences: no TLS 1.3-only policy (AWS has none on these endpoints either); the
/// truststore is read once at start.

#include <string>
#include <vector>

#include "core/base/source_loc.h"

namespace gw::server {

/// AWS's securityPolicy values: the lowest TLS version a site accepts.
enum class TlsPolicy { Tls10, Tls12 };

/// One certificate and what it is served for.
struct TlsSite {
  /// The SNI names this site answers ("api.example.test", "*.example.test"); empty for the
  /// default site.
  std::vector<std::string> names;
  std::string cert_pem;  ///< the certificate, then its chain
  std::string key_pem;
  TlsPolicy policy = TlsPolicy::Tls12;
  /// mTLS: the CA certificates (PEM) a client certificate must chain to; "" = none asked.
  std::string truststore_pem;
  std::string label;  ///< for error messages: "--cert", "x-gw.domains.api.x.certificate"
  SourceLoc where;    ///< where the certificate was named, for error messages
};

struct TlsOptions {
  TlsSite fallback;             ///< without SNI, or for a name no site lists
  std::vector<TlsSite> sites;   ///< chosen by SNI; the first site listing a name wins
  /// Plain HTTP is still answered on the same port (the first byte tells them apart).
  bool plain_http_too = true;
};

/// What a TLS connection established, for the request and the log.
struct TlsPeer {
  std::string sni;               ///< the name the client asked for, "" for none
  bool mtls_required = false;    ///< the site asked for a client certificate
  std::string client_cert_pem;   ///< the certificate the client presented, "" for none
  /// Why the certificate is not accepted ("" when it is, or none was asked): AWS's reasons.
  std::string client_cert_error;
};

}  // namespace gw::server
