#include "cli/serve_tls.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/server/local_ca.h"

namespace gw::cli {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_pem(const std::string& path, const std::string& label,
                             const SourceLoc& where, ErrorKind kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(kind, label + ": cannot read " + path + ": " + std::strerror(errno), where);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A path named in the spec is relative to the spec's directory.
std::string beside_spec(const model::Api& api, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute() || !api.spec_path) {
    return path;
  }
  return (fs::path(*api.spec_path).parent_path() / path).lexically_normal().string();
}

bool is_address(const std::string& host) {
  return !host.empty() && host != "0.0.0.0" && host != "::" && host != "localhost" &&
         host.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos;
}

// The CA, opened on first need.
class CaOnDemand {
 public:
  explicit CaOnDemand(std::string dir) : dir_(std::move(dir)) {}
  Result<server::IssuedCertificate> issue(const std::vector<std::string>& names) {
    if (!ca_) {
      auto ca = server::open_local_ca(dir_);
      if (!ca) {
        return std::unexpected(ca.error());
      }
      ca_ = std::move(*ca);
    }
    return server::issue_certificate(*ca_, names);
  }
  const std::optional<server::LocalCa>& ca() const { return ca_; }

 private:
  std::string dir_;
  std::optional<server::LocalCa> ca_;
};

Result<server::TlsSite> domain_site(const model::Domain& d, const model::Api& api, CaOnDemand& ca) {
  server::TlsSite site;
  site.names = {d.name};
  site.policy = d.security_policy == "TLS_1_0" ? server::TlsPolicy::Tls10 : server::TlsPolicy::Tls12;
  const std::string at = "x-gw.domains." + d.name;
  site.label = at + ".certificate";
  site.where = d.certificate_where.known() ? d.certificate_where : d.where;
  if (d.certificate.empty() != d.key.empty()) {
    return fail(ErrorKind::BadInput, at + ": a certificate needs its key (both or neither)",
                site.where, "leave both out to have gw's local CA issue one");
  }
  if (!d.certificate.empty()) {
    auto cert = read_pem(beside_spec(api, d.certificate), site.label, site.where, ErrorKind::BadInput);
    auto key = read_pem(beside_spec(api, d.key), at + ".key", site.where, ErrorKind::BadInput);
    if (!cert || !key) {
      return std::unexpected(cert ? key.error() : cert.error());
    }
    site.cert_pem = std::move(*cert);
    site.key_pem = std::move(*key);
  } else {
    auto issued = ca.issue({d.name});
    if (!issued) {
      Error e = issued.error();
      e.where = d.where;
      e.message = at + ": " + e.message;
      return std::unexpected(std::move(e));
    }
    site.cert_pem = std::move(issued->cert_pem);
    site.key_pem = std::move(issued->key_pem);
  }
  if (!d.mtls_truststore.empty()) {
    auto trust = read_pem(beside_spec(api, d.mtls_truststore), at + ".mtls.truststore",
                          d.mtls_where, ErrorKind::BadInput);
    if (!trust) {
      return std::unexpected(trust.error());
    }
    site.truststore_pem = std::move(*trust);
  }
  return site;
}

}  // namespace

Result<ServeTls> prepare_tls(const ServeTlsOptions& o, const model::Api& api) {
  ServeTls out;
  if (!o.tls && o.cert.empty() && o.key.empty()) {
    return out;
  }
  if (o.cert.empty() != o.key.empty()) {
    return fail(ErrorKind::BadInput, o.cert.empty() ? "--key needs --cert" : "--cert needs --key");
  }
  auto options = std::make_shared<server::TlsOptions>();
  CaOnDemand ca((fs::path(o.state_dir) / "tls").string());
  server::TlsSite& fallback = options->fallback;
  if (!o.cert.empty()) {
    fallback.label = "--cert " + o.cert;
    auto cert = read_pem(o.cert, "--cert", {}, ErrorKind::Environment);
    if (!cert) {
      return std::unexpected(cert.error());
    }
    auto key = read_pem(o.key, "--key", {}, ErrorKind::Environment);
    if (!key) {
      return std::unexpected(key.error());
    }
    fallback.cert_pem = std::move(*cert);
    fallback.key_pem = std::move(*key);
  } else {
    std::vector<std::string> names = {"localhost", "*.localhost", "*.execute-api.localhost",
                                      "127.0.0.1", "::1"};
    if (is_address(o.host) && o.host != "127.0.0.1" && o.host != "::1") {
      names.push_back(o.host);
    }
    auto issued = ca.issue(names);
    if (!issued) {
      return std::unexpected(issued.error());
    }
    fallback.label = "the local CA's certificate";
    fallback.cert_pem = std::move(issued->cert_pem);
    fallback.key_pem = std::move(issued->key_pem);
  }
  for (const auto& [name, domain] : api.gw.domains) {
    auto site = domain_site(domain, api, ca);
    if (!site) {
      return std::unexpected(site.error());
    }
    options->sites.push_back(std::move(*site));
  }
  if (ca.ca()) {
    out.ca_path = ca.ca()->cert_path;
    out.ca_created = ca.ca()->created;
  }
  out.options = std::move(options);
  return out;
}

std::vector<std::string> tls_banner(const ServeTls& tls) {
  std::vector<std::string> lines;
  if (!tls.options) {
    return lines;
  }
  lines.push_back("HTTPS and HTTP on the same port (TLS 1.2 and later)");
  if (!tls.ca_path.empty()) {
    lines.push_back(std::string(tls.ca_created ? "created" : "using") +
                    " gw's local CA: " + tls.ca_path);
    lines.push_back("  trust it: curl --cacert " + tls.ca_path +
                    ", or once for the whole machine: sudo cp " + tls.ca_path +
                    " /usr/local/share/ca-certificates/gw-local-ca.crt && sudo update-ca-certificates");
  }
  return lines;
}

}  // namespace gw::cli
