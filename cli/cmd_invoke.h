#pragma once

/// `gw invoke SPEC METHOD PATH`: one request through the gateway, without a socket.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace gw::cli {

struct InvokeOptions {
  std::string spec;
  std::string method;
  std::string path;  ///< with or without the stage prefix; may carry ?query
  std::vector<std::string> headers;  ///< "Name: value"
  std::string data;                  ///< body, or @FILE
  std::string stage;
  std::string config;
  bool json = false;
  bool trace = false;
};

/// Registers `invoke`; its callback stores the exit code in `result`.
void setup_invoke(CLI::App& app, ExitCode& result);
ExitCode run_invoke(const InvokeOptions& options);

}  // namespace gw::cli
