#pragma once

/// gw's local development certificate authority (`gw serve --tls`), as mkcert's: one CA per
/// state directory, created on first use and kept (its key 0600), which the user trusts once;
/// server certificates for localhost, loopback addresses and custom domains issued from it at
/// every start (in memory only). ECDSA P-256 keys, SHA-256 signatures, X.509 v3 with the
/// extensions strict verifiers ask for (basic constraints, key usage, key identifiers, SAN).

#include <string>
#include <vector>

#include "core/base/result.h"

namespace gw::server {

struct LocalCa {
  std::string cert_path;  ///< DIR/ca.pem: what clients trust
  std::string key_path;   ///< DIR/ca-key.pem (0600): the key, then the certificate
  std::string cert_pem;
  std::string key_pem;
  bool created = false;  ///< made by this call (the banner then says how to trust it)
};

/// The CA kept in `dir` (created 0700 when missing), created when it has none. Two processes
/// starting at once end with the same CA. Environment error when the directory cannot be
/// written or holds a CA gw cannot read.
Result<LocalCa> open_local_ca(const std::string& dir);

struct IssuedCertificate {
  std::string cert_pem;  ///< the certificate, then the CA's
  std::string key_pem;
};

/// A server certificate signed by `ca` for `names`: DNS names (a leading "*." label allowed)
/// and IPv4/IPv6 addresses; valid from an hour ago for 397 days; usable as a client certificate
/// too (extended key usage serverAuth and clientAuth). BadInput for a name that is neither.
Result<IssuedCertificate> issue_certificate(const LocalCa& ca, const std::vector<std::string>& names);

}  // namespace gw::server
