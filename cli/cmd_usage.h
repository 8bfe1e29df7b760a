#pragma once

/// `gw usage [SPEC]`: the usage-plan quota counters persisted in the state directory, per key
/// and day (like `aws apigateway get-usage`), as a table or stable JSON.

#include <CLI/CLI.hpp>
#include <string>

#include "cli/exit_code.h"

namespace gw::cli {

struct UsageOptions {
  std::string spec;  ///< optional: locates .gw/ and gives the plans' limits
  std::string config;
  std::string state_dir;  ///< overrides .gw/ beside SPEC (default ./.gw without SPEC)
  std::string key;        ///< only this key (its x-gw apiKeys name)
  bool json = false;
};

/// Registers `usage`; its callback stores the exit code in `result`.
void setup_usage(CLI::App& app, ExitCode& result);
ExitCode run_usage(const UsageOptions& options);

}  // namespace gw::cli
