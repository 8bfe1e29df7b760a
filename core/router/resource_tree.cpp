#include "core/router/resource_tree.h"

#include <array>

#include "core/base/strings.h"

namespace gw::router {

namespace {

/// A node with more literal children than this gets a hash index.
constexpr size_t kIndexThreshold = 8;

enum class SegmentKind { Literal, Param, Greedy };

SegmentKind classify(std::string_view piece, std::string_view& name) {
  if (piece.size() >= 2 && piece.front() == '{' && piece.back() == '}') {
    name = piece.substr(1, piece.size() - 2);
    if (!name.empty() && name.back() == '+') {
      name.remove_suffix(1);
      return SegmentKind::Greedy;
    }
    return SegmentKind::Param;
  }
  name = piece;
  return SegmentKind::Literal;
}

ResourceNode& child_in(std::vector<std::unique_ptr<ResourceNode>>& list, std::string_view name,
                       std::string_view piece, const std::string& parent_path) {
  for (auto& c : list) {
    if (c->name == name) {
      return *c;
    }
  }
  auto node = std::make_unique<ResourceNode>();
  node->name = std::string(name);
  node->resource_path = (parent_path == "/" ? std::string() : parent_path) + "/";
  node->resource_path += piece;
  list.push_back(std::move(node));
  return *list.back();
}

void build_index(ResourceNode& node) {
  node.literal_index.clear();
  if (node.literals.size() > kIndexThreshold) {
    node.literal_index.reserve(node.literals.size());
    for (const auto& c : node.literals) {
      node.literal_index.emplace(c->name, c.get());
    }
  }
  for (auto* list : {&node.literals, &node.params, &node.greedy}) {
    for (auto& c : *list) {
      build_index(*c);
    }
  }
}

std::string param_value(std::string_view raw, bool decode) {
  return decode ? percent_decode(raw) : std::string(raw);
}

}  // namespace

bool is_standard_method(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                                               "DELETE", "HEAD", "OPTIONS"};
  for (auto m : kMethods) {
    if (m == method) {
      return true;
    }
  }
  return false;
}

const MethodEntry* ResourceNode::find_method(std::string_view method) const {
  const MethodEntry* any = nullptr;
  for (const auto& e : methods) {
    if (e.method == method) {
      return &e;
    }
    if (e.method == "ANY") {
      any = &e;
    }
  }
  return any != nullptr && is_standard_method(method) ? any : nullptr;
}

ResourceTree::ResourceTree(SlashMode mode) : mode_(mode) {
  root_.resource_path.push_back('/');  // (assigning "/" trips g++ 12's -Wrestrict false positive)
}

ResourceNode& ResourceTree::insert(std::string_view path_template) {
  ResourceNode* node = &root_;
  for (std::string_view piece : split(path_template, '/')) {
    if (piece.empty()) {
      continue;
    }
    std::string_view name;
    switch (classify(piece, name)) {
      case SegmentKind::Literal:
        node = &child_in(node->literals, name, piece, node->resource_path);
        break;
      case SegmentKind::Param:
        node = &child_in(node->params, name, piece, node->resource_path);
        break;
      case SegmentKind::Greedy:
        node = &child_in(node->greedy, name, piece, node->resource_path);
        break;
    }
  }
  return *node;
}

void ResourceTree::finalize() { build_index(root_); }

const ResourceNode* ResourceTree::find(const Query& q, PathParams& params) const {
  if (mode_ == SlashMode::Strict) {
    if (q.path.empty() || q.path == "/") {
      return accepts(root_, q) ? &root_ : nullptr;
    }
    if (q.path.front() != '/') {
      return nullptr;
    }
  }
  return walk(root_, q, 0, params);
}

bool ResourceTree::accepts(const ResourceNode& node, const Query& q) const {
  return !q.require_method || node.find_method(q.method) != nullptr;
}

const ResourceNode* ResourceTree::find_literal(const ResourceNode& node,
                                               std::string_view segment) const {
  auto lookup = [&node](std::string_view s) -> const ResourceNode* {
    if (!node.literal_index.empty()) {
      auto it = node.literal_index.find(s);
      return it == node.literal_index.end() ? nullptr : it->second;
    }
    for (const auto& c : node.literals) {
      if (c->name == s) {
        return c.get();
      }
    }
    return nullptr;
  };
  if (const ResourceNode* c = lookup(segment)) {
    return c;
  }
  if (segment.find('%') != std::string_view::npos) {
    // A literal resource "/a b" is reached by "/a%20b" too.
    std::string decoded = percent_decode(segment);
    if (decoded != segment) {
      return lookup(decoded);
    }
  }
  return nullptr;
}

const ResourceNode* ResourceTree::walk(const ResourceNode& node, const Query& q, size_t pos,
                                       PathParams& params) const {
  const std::string_view path = q.path;
  size_t seg_start = pos;
  if (mode_ == SlashMode::Collapse) {
    while (seg_start < path.size() && path[seg_start] == '/') {
      ++seg_start;
    }
    if (seg_start >= path.size()) {
      return accepts(node, q) ? &node : nullptr;
    }
  } else {
    if (pos >= path.size()) {
      return accepts(node, q) ? &node : nullptr;
    }
    seg_start = pos + 1;  // path[pos] is the '/' before the segment
  }
  size_t seg_end = path.find('/', seg_start);
  if (seg_end == std::string_view::npos) {
    seg_end = path.size();
  }
  const std::string_view segment = path.substr(seg_start, seg_end - seg_start);
  if (!segment.empty()) {
    if (const ResourceNode* lit = find_literal(node, segment)) {
      if (const ResourceNode* found = walk(*lit, q, seg_end, params)) {
        return found;
      }
    }
    for (const auto& p : node.params) {
      params.emplace_back(p->name, param_value(segment, q.decode_params));
      if (const ResourceNode* found = walk(*p, q, seg_end, params)) {
        return found;
      }
      params.pop_back();
    }
  }
  return q.allow_greedy ? walk_greedy(node, q, seg_start, params) : nullptr;
}

const ResourceNode* ResourceTree::walk_greedy(const ResourceNode& node, const Query& q,
                                              size_t seg_start, PathParams& params) const {
  if (node.greedy.empty()) {
    return nullptr;
  }
  std::string_view rest = q.path.substr(seg_start);
  if (mode_ == SlashMode::Collapse) {
    // AWS_BEHAVIOUR.md fact 4: the trailing slash is not part of the greedy value.
    while (!rest.empty() && rest.back() == '/') {
      rest.remove_suffix(1);
    }
  }
  if (rest.empty()) {
    return nullptr;  // {proxy+} needs at least one segment
  }
  for (const auto& g : node.greedy) {
    if (accepts(*g, q)) {
      params.emplace_back(g->name, param_value(rest, q.decode_params));
      return g.get();
    }
  }
  return nullptr;
}

}  // namespace gw::router
