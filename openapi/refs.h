#pragma once

/// $ref resolution: local JSON pointers ("#/components/schemas/Pet", with ~0 ~1 escapes and
/// percent-decoding) and refs into other files relative to the referring one ("common.yaml",
/// "common.yaml#/Pet"), each file read and parsed once. Cycles and missing targets are
/// positioned errors.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "openapi/node.h"

namespace gw::openapi {

class RefResolver {
 public:
  /// `files` collects every file read (may be null).
  explicit RefResolver(std::vector<std::string>* files);

  /// The main document: `root` is the whole file; `pointer_root` (inside it, or itself) is
  /// what "#/..." means there (a SAM template's DefinitionBody).
  void set_main(std::shared_ptr<const std::string> name, std::shared_ptr<const Node> root,
                const Node* pointer_root);

  /// Lets this resolver's $refs read files outside the main document's directory tree. Without
  /// it such a $ref is a positioned error: a spec could otherwise have gw read any file (and
  /// gw deploy copy it into the state directory).
  void allow_files_anywhere(bool allow) { anywhere_ = allow; }
  /// The process-wide default of allow_files_anywhere: `gw --allow-external-refs` sets it once,
  /// before any spec is read.
  static void allow_files_anywhere_by_default(bool allow);

  /// True when `n` is a map holding a string "$ref".
  static bool is_ref(const Node& n);

  /// Follows `n` through $ref chains to a node that is not a ref (`n` itself when it is not).
  Result<const Node*> deref(const Node& n);

  /// `n` as JSON text with $refs inlined; a $ref met again inside its own expansion
  /// (a recursive schema) is kept as written. A $ref chain that loops before reaching a
  /// schema, a result nesting deeper than kMaxNestingDepth or larger than kMaxInlinedBytes is
  /// a positioned error.
  Result<std::string> inline_json(const Node& n);

  static constexpr size_t kMaxInlinedBytes = size_t{16} << 20;

 private:
  struct Doc {
    std::shared_ptr<const std::string> name;
    std::shared_ptr<const Node> root;
    const Node* pointer_root = nullptr;
  };

  Result<const Node*> target(const Node& ref_node, std::string* key);
  Result<const Doc*> doc_for(const std::string& file, const Node& ref_value);
  Result<const Node*> walk(const Doc& doc, std::string_view pointer, const Node& ref_value,
                           std::vector<std::string>& chain);
  Result<const Node*> deref_chain(const Node& n, std::vector<std::string>& chain);
  Result<bool> append_inline(std::string& out, const Node& n, std::vector<std::string>& stack,
                             size_t depth);

  std::map<std::string, Doc, std::less<>> docs_;
  std::string main_name_;
  std::string main_dir_;  ///< the main document's directory, resolved: files outside are refused
  bool anywhere_;
  int target_depth_ = 0;  ///< nested target() calls: a $ref whose path runs through $refs
  std::vector<std::string>* files_;
};

}  // namespace gw::openapi
