#pragma once

/// `gw deploy SPEC --stage NAME`: freeze the resolved API into an immutable snapshot in the
/// state directory and point the stage at it (AWS fact 68: stages serve deployments). With
/// `--canary PERCENT` the snapshot becomes the stage's canary instead (AWS create-deployment
/// with canarySettings, fact 69): the stage keeps its deployment and sends PERCENT % of its
/// requests to the new one.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace gw::cli {

struct DeployOptions {
  std::string spec;
  std::string stage;
  std::string description;
  std::string config;
  std::string state_dir;  ///< default .gw/ beside the spec
  bool json = false;
  std::optional<double> canary;                ///< --canary PERCENT (0..100)
  std::vector<std::string> canary_variables;   ///< --canary-variable NAME=VALUE
  bool canary_use_stage_cache = false;         ///< --canary-use-stage-cache
};

/// Registers `deploy`; its callback stores the exit code in `result`.
void setup_deploy(CLI::App& app, ExitCode& result);
ExitCode run_deploy(const DeployOptions& options);

}  // namespace gw::cli

#include "openapi/loader.h"

namespace gw::cli {

/// For `gw serve --stage NAME` (AWS fact 68): when the stage has a deployment in the state
/// directory, `loaded.api` becomes that snapshot (with the working spec's x-gw block: stage
/// settings and functions stay live) and `loaded.files` gains the stage's pointer file, so a
/// `gw deploy` while serving takes effect. Warns on stderr when the spec has drifted from the
/// deployment. Returns the start-up note, "" when `stage` is empty or was never deployed.
Result<std::string> use_deployment(openapi::Loaded& loaded, const std::string& spec,
                                   const std::string& stage, const std::string& state_dir);

}  // namespace gw::cli
