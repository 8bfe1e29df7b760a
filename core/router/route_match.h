#pragma once

/// The result of routing one request: the operation it reaches and the path parameters.

#include <string>
#include <utility>
#include <vector>

#include "core/model/api.h"

namespace gw::router {

struct RouteMatch {
  const model::Operation* op = nullptr;
  /// name -> value. REST: raw, as received (AWS_BEHAVIOUR.md fact 6). HTTP APIs: percent-decoded
  /// ('+' kept), as the HTTP API docs say ("http-api-develop-routes": API Gateway decodes
  /// URL-encoded request parameters before passing them to your backend integration).
  std::vector<std::pair<std::string, std::string>> path_params;
  /// REST: the resource template "/pets/{id}"; HTTP: the route key "GET /pets/{id}" or "$default".
  std::string resource_path;
};

}  // namespace gw::router
