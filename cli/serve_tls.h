#pragma once

/// `gw serve --tls`: what the listener's HTTPS serves. The default certificate is the user's
/// (--cert/--key) or issued by gw's local CA (core/server/local_ca.h) for localhost, the
/// loopback addresses and --host; each custom domain of x-gw.domains gets its own, chosen by
/// SNI: its certificate/key files or one issued by the local CA, its securityPolicy, and its
/// mTLS truststore.

#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"
#include "core/server/tls.h"

namespace gw::cli {

struct ServeTlsOptions {
  bool tls = false;      ///< --tls (implied by --cert/--key)
  std::string cert;      ///< --cert FILE: PEM certificate (and chain)
  std::string key;       ///< --key FILE: its PEM private key
  std::string host;      ///< --host, added to the issued certificate when it is an address
  std::string state_dir; ///< where the local CA lives: STATE/tls/
};

struct ServeTls {
  std::shared_ptr<const server::TlsOptions> options;
  std::string ca_path;     ///< the local CA's certificate, "" when none was needed
  bool ca_created = false; ///< made by this start: the banner says how to trust it
};

/// The TLS setup for api; BadInput (exit 2) at the value's position for a domain file that
/// does not load, Environment (exit 4) when the local CA cannot be kept or a file not read.
Result<ServeTls> prepare_tls(const ServeTlsOptions& options, const model::Api& api);

/// The banner's lines about HTTPS: how to call it and how to trust the local CA.
std::vector<std::string> tls_banner(const ServeTls& tls);

}  // namespace gw::cli
