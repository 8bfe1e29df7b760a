#include "core/router/rest_router.h"

#include <algorithm>

namespace gw::router {

namespace {

void collect(const ResourceNode& node, std::vector<RestRouter::Resource>& out) {
  if (!node.methods.empty()) {
    RestRouter::Resource r{node.resource_path, {}};
    for (const auto& e : node.methods) {
      r.methods.push_back(e.method);
    }
    std::sort(r.methods.begin(), r.methods.end());
    out.push_back(std::move(r));
  }
  for (const auto* list : {&node.literals, &node.params, &node.greedy}) {
    for (const auto& c : *list) {
      collect(*c, out);
    }
  }
}

}  // namespace

RestRouter::RestRouter(const std::vector<model::Operation>& ops) {
  for (const auto& op : ops) {
    ResourceNode& node = tree_.insert(op.path);
    bool duplicate = std::any_of(node.methods.begin(), node.methods.end(),
                                 [&op](const MethodEntry& e) { return e.method == op.method; });
    if (!duplicate) {  // the first definition wins; the linter reports the rest
      node.methods.push_back(MethodEntry{op.method, &op, node.resource_path});
    }
  }
  tree_.finalize();
}

std::optional<RouteMatch> RestRouter::match(std::string_view method, std::string_view path) const {
  PathParams params;
  ResourceTree::Query q{.path = path, .method = method};
  const ResourceNode* node = tree_.find(q, params);
  if (node == nullptr) {
    return std::nullopt;
  }
  const MethodEntry* entry = node->find_method(method);
  if (entry == nullptr) {
    return std::nullopt;
  }
  return RouteMatch{entry->op, std::move(params), node->resource_path};
}

std::vector<RestRouter::Resource> RestRouter::resources() const {
  std::vector<Resource> out;
  collect(tree_.root(), out);
  std::sort(out.begin(), out.end(),
            [](const Resource& a, const Resource& b) { return a.path < b.path; });
  return out;
}

}  // namespace gw::router
