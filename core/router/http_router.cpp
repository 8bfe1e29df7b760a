#include "core/router/http_router.h"

#include <algorithm>
#include <string>

namespace gw::router {

HttpRouter::HttpRouter(const std::vector<model::Operation>& ops) {
  for (const auto& op : ops) {
    std::string key = op.route_key.empty() ? op.method + " " + op.path : op.route_key;
    if (key == "$default") {
      if (default_ == nullptr) {
        default_ = &op;
      }
      continue;
    }
    size_t space = key.find(' ');
    if (space == std::string::npos) {
      continue;  // not a route key this router understands ($connect, ...)
    }
    std::string method = key.substr(0, space);
    std::string_view path = std::string_view(key).substr(space + 1);
    has_greedy_ = has_greedy_ || path.find("+}") != std::string_view::npos;
    ResourceNode& node = tree_.insert(path);
    bool duplicate = std::any_of(node.methods.begin(), node.methods.end(),
                                 [&method](const MethodEntry& e) { return e.method == method; });
    if (!duplicate) {
      node.methods.push_back(MethodEntry{std::move(method), &op, std::move(key)});
    }
  }
  tree_.finalize();
}

std::optional<RouteMatch> HttpRouter::match(std::string_view method, std::string_view path) const {
  PathParams params;
  ResourceTree::Query q{.path = path,
                        .method = method,
                        .require_method = true,
                        .allow_greedy = false,
                        .decode_params = true};
  const ResourceNode* node = tree_.find(q, params);
  if (node == nullptr && has_greedy_) {
    params.clear();
    q.allow_greedy = true;
    node = tree_.find(q, params);
  }
  if (node != nullptr) {
    const MethodEntry* entry = node->find_method(method);
    return RouteMatch{entry->op, std::move(params), entry->key};
  }
  if (default_ != nullptr) {
    return RouteMatch{default_, {}, "$default"};
  }
  return std::nullopt;
}

}  // namespace gw::router
