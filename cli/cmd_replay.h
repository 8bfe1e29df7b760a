#pragma once

/// `gw replay SPEC PATH...`: recorded traffic (gw serve --record, HAR 1.2) through the pipeline,
/// offline by default, compared with what was recorded; reports for CI; --update snapshots.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace gw::cli {

struct ReplayCliOptions {
  std::string spec;
  std::vector<std::string> paths;  ///< recordings, folders of them, HAR files
  std::string stage;
  std::string config;
  bool live = false;
  int jobs = 1;
  std::string shard;  ///< "I/N"
  std::vector<std::string> filters;
  std::vector<std::string> ignore_headers;
  std::string report;  ///< junit | tap | json
  std::string out;     ///< report file ("" or "-" = stdout)
  bool update = false;
};

/// Registers `replay`; its callback stores the exit code in `result`.
void setup_replay(CLI::App& app, ExitCode& result);
ExitCode run_replay(const ReplayCliOptions& options);

}  // namespace gw::cli
