#pragma once

/// `.gwlint.yaml`: which rules run, at which severity, and where findings are dropped.
///
///   disable: [security-no-authorization]      # rule ids or categories ("cors")
///   enable: [cors, correctness-vtl-syntax]     # when present, only these run
///   severity: {cors-lambda-proxy: error}       # error | warning | info | off
///   overrides:
///     - paths: ["/legacy/*"]                   # API paths (globs)
///       disable: [all]
///     - files: ["vendor/*.yaml"]               # spec files (globs)
///       disable: [security-tls-policy]

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/lint/rule.h"

namespace gw::lint {

struct Override {
  std::vector<std::string> files;    ///< globs on the spec path; empty = every file
  std::vector<std::string> paths;    ///< globs on the API path; empty = every path
  std::vector<std::string> disable;  ///< rule ids, categories or "all"
};

struct Config {
  std::vector<std::string> enable;  ///< empty = every rule
  std::vector<std::string> disable;
  std::map<std::string, std::optional<Severity>> severity;  ///< nullopt = off
  std::vector<Override> overrides;
  std::string source;  ///< the file it came from ("" = defaults)

  /// Whether rule `r` runs at all.
  bool enabled(const RuleInfo& r) const;
  /// The severity `r` reports at.
  Severity severity_of(const RuleInfo& r) const;
  /// Whether an override drops finding `f` (of a rule in `category`).
  bool dropped(const Finding& f, std::string_view category) const;
};

/// Parses a .gwlint.yaml text; unknown rule ids and keys are positioned errors.
Result<Config> parse_config(std::string_view text, const std::string& name);
/// Reads `path`, or, when empty, the nearest .gwlint.yaml from `spec`'s directory upwards
/// (defaults when none).
Result<Config> load_config(const std::string& path, const std::string& spec);
/// True when `name` names a rule id, a category or "all"; else a did-you-mean hint in `hint`.
bool known_selector(std::string_view name, std::string& hint);

/// Where an inline `x-gw-lint-ignore` may stand: the document, a path item or an operation.
struct InlineIgnore {
  const openapi::Node& owner;   ///< the map holding the key
  const openapi::Node& ignore;  ///< its value: a list of selectors, or one
  uint32_t first_line;          ///< where the owner starts (its key's line; 1 for the document)
  std::string path;             ///< "" for the document
  std::string method;           ///< upper case, "ANY"; "" above operations
};
/// Calls visit for each inline x-gw-lint-ignore of the raw tree.
void for_each_inline_ignore(const openapi::Node& root,
                            const std::function<void(const InlineIgnore&)>& visit);

}  // namespace gw::lint
