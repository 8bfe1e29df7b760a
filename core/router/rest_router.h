#pragma once

/// REST API routing: API Gateway's resource tree. Per segment a literal child beats a {param}
/// child beats a {proxy+} child, with backtracking when a branch dead-ends. The resource is
/// chosen by path alone; then the exact method, else ANY. An unknown resource and a known
/// resource without the method both give no match, which the caller answers with 403
/// "Missing Authentication Token" (AWS_BEHAVIOUR.md fact 1). Empty segments (doubled, leading,
/// trailing slashes) are skipped, but kept inside a {proxy+} value (facts 4, 5); parameter
/// values are raw (fact 6). Method names are case-sensitive; HEAD does not fall back to GET.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/api.h"
#include "core/router/resource_tree.h"
#include "core/router/route_match.h"

namespace gw::router {

class RestRouter {
 public:
  /// `ops` must outlive the router. Reads each operation's `method` and `path`.
  explicit RestRouter(const std::vector<model::Operation>& ops);

  /// path: the request path *inside the stage* ("/pets/42"), raw (percent-encoded as received).
  std::optional<RouteMatch> match(std::string_view method, std::string_view path) const;

  struct Resource {
    std::string path;                  ///< "/pets/{id}"
    std::vector<std::string> methods;  ///< sorted
  };
  /// The resource paths that have methods, sorted by path (for listings).
  std::vector<Resource> resources() const;

 private:
  ResourceTree tree_{SlashMode::Collapse};
};

}  // namespace gw::router
