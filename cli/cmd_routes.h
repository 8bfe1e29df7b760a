#pragma once

/// `gw routes SPEC`: the routes an API serves, as a table or stable JSON.

#include <CLI/CLI.hpp>

#include <string>

#include "cli/exit_code.h"

namespace gw::cli {

struct RoutesOptions {
  std::string spec;
  std::string config;
  bool json = false;
};

/// Registers `routes`; its callback stores the exit code in `result`.
void setup_routes(CLI::App& app, ExitCode& result);
ExitCode run_routes(const RoutesOptions& options);

}  // namespace gw::cli
