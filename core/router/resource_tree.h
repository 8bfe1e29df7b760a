#pragma once

/// The path tree both routers share: one node per resource ("/pets", "/pets/{id}"), built once,
/// matched segment by segment with a literal child before a {param} child before a {proxy+}
/// child, backtracking when a branch dead-ends. Matching allocates only the parameter strings
/// (and a decoded copy of a segment that holds a %XX escape).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/model/api.h"

namespace gw::router {

using PathParams = std::vector<std::pair<std::string, std::string>>;

/// One method of a resource (or of a route, for HTTP APIs).
struct MethodEntry {
  std::string method;  ///< upper-case, or "ANY"
  const model::Operation* op = nullptr;
  std::string key;  ///< what RouteMatch::resource_path reports for it
};

struct ResourceNode {
  std::string name;           ///< literal text, or the parameter name without braces and '+'
  std::string resource_path;  ///< "/pets/{id}"
  std::vector<std::unique_ptr<ResourceNode>> literals;
  std::unordered_map<std::string_view, const ResourceNode*> literal_index;  ///< when many
  std::vector<std::unique_ptr<ResourceNode>> params;
  std::vector<std::unique_ptr<ResourceNode>> greedy;
  std::vector<MethodEntry> methods;

  /// The exact method's entry, else ANY's (for a standard method), else null.
  const MethodEntry* find_method(std::string_view method) const;
};

/// How request paths are cut into segments.
enum class SlashMode {
  Collapse,  ///< REST: empty segments (doubled, leading, trailing slashes) are skipped
  Strict,    ///< HTTP APIs: "/pets/" is not "/pets"; empty segments match nothing
};

class ResourceTree {
 public:
  explicit ResourceTree(SlashMode mode);

  /// The node for a template path, created (with its ancestors) when missing.
  ResourceNode& insert(std::string_view path_template);
  /// Builds the hash indexes; call once after the last insert.
  void finalize();

  struct Query {
    std::string_view path;        ///< raw request path inside the stage
    std::string_view method;      ///< used when require_method
    bool require_method = false;  ///< a node without an entry for `method` is a dead end
    bool allow_greedy = true;
    bool decode_params = false;  ///< percent-decode parameter values
  };
  /// The matched node (params filled), or null.
  const ResourceNode* find(const Query& q, PathParams& params) const;

  const ResourceNode& root() const { return root_; }

 private:
  const ResourceNode* walk(const ResourceNode& node, const Query& q, size_t pos,
                           PathParams& params) const;
  const ResourceNode* walk_greedy(const ResourceNode& node, const Query& q, size_t seg_start,
                                  PathParams& params) const;
  bool accepts(const ResourceNode& node, const Query& q) const;
  const ResourceNode* find_literal(const ResourceNode& node, std::string_view segment) const;

  SlashMode mode_;
  ResourceNode root_;
};

/// True for the methods an ANY entry answers (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS).
bool is_standard_method(std::string_view method);

}  // namespace gw::router
