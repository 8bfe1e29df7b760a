#pragma once

/// `gw serve SPEC`: the API on a local port, with hot reload and an access log.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_code.h"

namespace gw::cli {

struct ServeOptions {
  std::string spec;
  std::optional<uint64_t> seed;  ///< --seed: the random source's seed (else random_device)
  int port = 3000;
  std::string host = "127.0.0.1";
  std::string stage;      ///< serve this stage alone
  std::string config;     ///< x-gw block in its own file
  std::string state_dir;  ///< deployments (default .gw/ beside the spec): --stage serves its own
  int threads = 0;        ///< 0 = auto
  bool no_watch = false;
  bool log_json = false;  ///< --log-format json: each request's line as a JSON object
  std::string record;  ///< --record FILE: append every exchange (JSON Lines) to FILE
  bool redact = false;  ///< --redact: mask credentials in the recording
  std::vector<std::string> redact_headers;  ///< --redact-header NAME (implies --redact)
  bool tls = false;  ///< --tls: HTTPS too, with gw's local CA unless --cert/--key
  std::string cert;  ///< --cert FILE (implies --tls)
  std::string key;   ///< --key FILE
  std::optional<int> admin_port;  ///< --admin-port: /metrics, /metrics.json, /health on loopback
};

/// Registers `serve`; its callback stores the exit code in `result`.
void setup_serve(CLI::App& app, ExitCode& result);
ExitCode run_serve(const ServeOptions& options);

}  // namespace gw::cli
