#pragma once

/// `gw lint SPEC...`: API Gateway mistakes found before deploying, as `file:line:col: severity:
/// message [rule-id]` (or JSON, SARIF 2.1.0, GitHub annotations); exit 1 on findings at or
/// above --fail-on, 2 on bad input.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace gw::cli {

struct LintOptions {
  std::vector<std::string> specs;
  std::string format = "text";    ///< text | json | sarif | github
  std::string fail_on = "error";  ///< error | warning | info
  std::string lint_config;        ///< .gwlint.yaml to use instead of the nearest one
  std::string config;             ///< x-gw block in its own file
  std::string state_dir;
  std::vector<std::string> disable;
  bool list_rules = false;
  bool probe = false;  ///< invoke local Lambda proxy functions (core/lint/probe)
  std::string explain;
};

/// Registers `lint`; its callback stores the exit code in `result`.
void setup_lint(CLI::App& app, ExitCode& result);
ExitCode run_lint(const LintOptions& options);

}  // namespace gw::cli
