// gw: Amazon API Gateway on your own machine. Builds the command line, runs one subcommand,
// and is the only place with a top-level catch.

#include <CLI/CLI.hpp>

#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>

#include "cli/cmd_deploy.h"
#include "cli/cmd_invoke.h"
#include "cli/cmd_lint.h"
#include "cli/cmd_replay.h"
#include "cli/cmd_routes.h"
#include "cli/cmd_serve.h"
#include "cli/cmd_stages.h"
#include "cli/cmd_token.h"
#include "cli/cmd_usage.h"
#include "cli/exit_code.h"
#include "cli/version.h"
#include "core/base/strings.h"
#include "openapi/refs.h"

namespace {

using gw::cli::ExitCode;

// One entry per subcommand (keep in step with the setup_* calls in run()).
constexpr std::string_view kSubcommands[] = {
    "serve",
    "invoke",
    "routes",
    "lint",
    "deploy",
    "stages",
    "usage",
    "replay",
    "token",
};

// CLI11 reports an unknown subcommand as unexpected arguments; say what was meant instead.
bool unknown_subcommand(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    return false;
  }
  const std::string_view word = argv[1];
  for (const auto known : kSubcommands) {
    if (word == known) {
      return false;
    }
  }
  std::cerr << "gw: error: unknown command '" << word << "'\n";
  const std::string guess = gw::did_you_mean(word, kSubcommands);
  if (!guess.empty()) {
    std::cerr << "  hint: did you mean '" << guess << "'?\n";
  } else {
    std::cerr << "  hint: see gw --help for the commands\n";
  }
  return true;
}

int run(int argc, char** argv) {
  CLI::App app{"gw: Amazon API Gateway on your own machine, from an OpenAPI spec", "gw"};
  app.set_version_flag("--version", "gw " GW_VERSION);
  app.require_subcommand(1);
  // Before or after the command's own options (`gw serve api.yaml --allow-external-refs`).
  app.fallthrough(true);
  app.add_flag_callback(
      "--allow-external-refs",
      [] { gw::openapi::RefResolver::allow_files_anywhere_by_default(true); },
      "Let $ref read files outside the spec's directory");
  ExitCode result = ExitCode::Ok;
  gw::cli::setup_serve(app, result);
  gw::cli::setup_invoke(app, result);
  gw::cli::setup_routes(app, result);
  gw::cli::setup_lint(app, result);
  gw::cli::setup_deploy(app, result);
  gw::cli::setup_stages(app, result);
  gw::cli::setup_usage(app, result);
  gw::cli::setup_replay(app, result);
  gw::cli::setup_token(app, result);
  if (unknown_subcommand(argc, argv)) {
    return gw::cli::to_int(ExitCode::BadInput);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or CLI11's message
    return code == 0 ? 0 : gw::cli::to_int(ExitCode::BadInput);
  }
  return gw::cli::to_int(result);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "gw: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "gw: internal error\n";
  }
  return gw::cli::to_int(ExitCode::Internal);
}
