#pragma once

/// API Gateway's custom domain names in front of the stages (x-gw.domains): a request whose
/// Host names a domain reaches the API and stage its longest matching base path maps to, and
/// that stage sees the path after the base path (AWS: "API mappings for custom domain names";
/// multi-level base paths such as "v1/orders" as HTTP APIs allow). A base path is a whole
/// number of segments ("/orders" maps "/orders" and "/orders/x", not "/ordersx"); an empty
/// one ("", "/" or "(none)") maps everything else. A domain with no mapping for the path is
/// answered 403 {"message":"Forbidden"} by the caller, as API Gateway does.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/config.h"

namespace gw::router {

struct DomainRoute {
  std::string domain;     ///< the domain's name
  std::string api;        ///< the mapping's api ("." = this spec)
  std::string stage;      ///< the mapping's stage
  std::string base_path;  ///< "/orders", "" for the empty base path
  std::string rest;       ///< the request path after the base path, "/" at least
};

class DomainMap {
 public:
  explicit DomainMap(const std::map<std::string, model::Domain>& domains);

  /// True when `host` (a Host header value: any :port is ignored, case too) is a domain.
  bool serves(std::string_view host) const;
  /// The mapping for a request to `host` and raw `path`; nullopt when the host is no domain
  /// or the domain maps nothing there.
  std::optional<DomainRoute> match(std::string_view host, std::string_view path) const;
  bool empty() const { return domains_.empty(); }

 private:
  struct Mapping {
    std::string base_path;  ///< normalised: "" or "/a/b"
    std::string api;
    std::string stage;
  };
  struct Entry {
    std::string name;               ///< lower-cased
    std::vector<Mapping> mappings;  ///< longest base path first
  };
  const Entry* find(std::string_view host) const;
  std::vector<Entry> domains_;
};

/// "orders", "/orders/", "(none)" -> "/orders", "", "": the form DomainMap compares.
std::string normalise_base_path(std::string_view base_path);

}  // namespace gw::router
