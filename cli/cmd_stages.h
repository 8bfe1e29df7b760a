#pragma once

/// `gw stages SPEC`: each stage, its deployment, the deployment's age and whether the spec has
/// drifted from it (route by route with --json), and each stage's canary with its share.

#include <CLI/CLI.hpp>
#include <string>

#include "cli/exit_code.h"

namespace gw::cli {

struct StagesOptions {
  std::string spec;
  std::string config;
  std::string state_dir;
  bool json = false;
};

/// `gw stages promote|rollback SPEC --stage NAME`: AWS's promotion of a canary (the canary's
/// deployment and stage variable overrides become the stage's, its share 0%) and delete-canary.
struct CanaryCommandOptions {
  std::string spec;
  std::string stage;
  std::string config;
  std::string state_dir;
  bool json = false;
  bool promote = false;  ///< else rollback
};

/// Registers `stages` (with `promote` and `rollback`); callbacks store the exit code in `result`.
void setup_stages(CLI::App& app, ExitCode& result);
ExitCode run_stages(const StagesOptions& options);
ExitCode run_canary_command(const CanaryCommandOptions& options);

}  // namespace gw::cli
