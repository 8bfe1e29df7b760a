#pragma once

/// What stands in front of the stages in `gw serve`, as API Gateway's edge: custom domain names
/// (a request whose Host names an x-gw.domains entry reaches the stage its base path maps to,
/// the base path stripped: core/router/domain_map.h) and disableExecuteApiEndpoint (the default
/// endpoint then answers 403 {"message":"Forbidden"}, only the domains serve).
/// Known difference: the stage sees the mapped path, so $context.path is "/{stage}/rest"
/// rather than the path the client sent.

#include <optional>
#include <string>
#include <vector>

#include "core/base/http.h"
#include "core/model/api.h"
#include "core/router/domain_map.h"

namespace gw::cli {

class FrontDoor {
 public:
  explicit FrontDoor(const model::Api& api);

  struct Admission {
    std::optional<Request> rewritten;  ///< the request as the stage is to see it
    std::optional<Response> answer;    ///< the front door answers itself
  };
  /// Neither set: the request goes to the gateway as it is.
  Admission admit(const Request& request) const;

  /// Banner lines: each domain mapping and how to call it.
  std::vector<std::string> describe(const std::string& scheme, int port) const;

 private:
  struct Listed {
    std::string domain, base_path, stage;
  };
  router::DomainMap domains_;
  std::vector<Listed> listed_;
  bool http_api_ = false;
  bool default_endpoint_disabled_ = false;
};

}  // namespace gw::cli
