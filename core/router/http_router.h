#pragma once

/// HTTP API routing by route key ("GET /pets/{id}", "ANY /{proxy+}", "$default"), as in the
/// AWS docs "Routing API requests" (http-api-develop-routes; AWS_BEHAVIOUR.md fact 3): a full
/// match of route and method first (among those, per segment from the left a literal beats a
/// {param}), then a route with a greedy {proxy+} variable, then `$default`. ANY answers only
/// the methods a route does not define itself. A route is chosen together with its method: a
/// path whose routes lack the method falls through to the next candidate. "/pets/" is not
/// "/pets" (only a greedy route catches it). Path parameters are percent-decoded (the docs:
/// "API Gateway decodes URL-encoded request parameters"). No match: the caller answers 404
/// {"message":"Not Found"} (fact 2).

#include <optional>
#include <string_view>
#include <vector>

#include "core/model/api.h"
#include "core/router/resource_tree.h"
#include "core/router/route_match.h"

namespace gw::router {

class HttpRouter {
 public:
  /// `ops` must outlive the router. Reads `route_key` (else `method` + " " + `path`).
  explicit HttpRouter(const std::vector<model::Operation>& ops);

  /// path: the request path inside the stage ("/pets/42"), raw.
  std::optional<RouteMatch> match(std::string_view method, std::string_view path) const;

 private:
  ResourceTree tree_{SlashMode::Strict};
  const model::Operation* default_ = nullptr;
  bool has_greedy_ = false;
};

}  // namespace gw::router
