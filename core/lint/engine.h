#pragma once

/// The lint engine: loads one spec (raw tree, model, deployments), runs the enabled rules,
/// applies .gwlint.yaml and inline `x-gw-lint-ignore: [rule-id]` (on the document, a path or an
/// operation) and returns the findings sorted by position.

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/lint/config.h"
#include "core/lint/rule.h"

namespace gw::lint {

struct Options {
  Config config;
  std::string spec_config;  ///< --config: the x-gw block in its own file
  std::string state_dir;    ///< deployments; "" = .gw beside the spec
  Prober* probe = nullptr;  ///< --probe: the probe rules invoke local functions through it
};

struct FileReport {
  std::string file;
  std::vector<Finding> findings;  ///< sorted by line, column, rule
  /// The loader's error when it rejected the spec and no rule explains it (exit 2).
  std::optional<Error> fatal;
};

/// Lints `path`. Fails (bad input) when the file cannot be read or is not YAML/JSON at all.
Result<FileReport> lint_file(const std::string& path, const Options& options);

/// Sorts findings by file, line, column, rule id, message.
void sort_findings(std::vector<Finding>& findings);

}  // namespace gw::lint
