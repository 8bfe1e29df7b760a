#pragma once

/// `gw stages SPEC`: each stage, its deployment, the deployment's age and whether the spec has
/// drifted from it (route by route with --json).

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

/// Registers `stages`; its callback stores the exit code in `result`.
void setup_stages(CLI::App& app, ExitCode& result);
ExitCode run_stages(const StagesOptions& options);

}  // namespace gw::cli
