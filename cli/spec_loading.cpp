#include "cli/spec_loading.h"

#include <cstdio>
#include <iostream>

#include "cli/term.h"
#include "core/base/strings.h"

namespace gw::cli {
namespace {

void print_line(std::string_view label, Colour colour, const std::string& where,
                const std::string& message, const std::string& hint) {
  const bool on = colour_enabled(stderr);
  std::string line = "gw: " + paint(label, colour, on) + ": ";
  if (!where.empty()) {
    line += paint(where, Colour::Bold, on) + ": ";
  }
  line += escape_controls(message);  // warnings quote requests and handler answers
  std::cerr << line << '\n';
  if (!hint.empty()) {
    std::cerr << "  hint: " << hint << '\n';
  }
  std::cerr.flush();
}

}  // namespace

void print_error(const Error& error) {
  print_line("error", Colour::Red, error.where.str(), error.message, error.hint);
}

void print_warning(const openapi::Warning& warning) {
  print_line("warning", Colour::Yellow, warning.where.str(), warning.message, warning.hint);
}

Result<openapi::Loaded> load_spec(const std::string& spec, const std::string& config) {
  openapi::LoadOptions options;
  options.config_path = config;
  auto loaded = openapi::load(spec, options);
  if (loaded) {
    for (const auto& warning : loaded->warnings) {
      print_warning(warning);
    }
  }
  return loaded;
}

void print_gateway_warnings(const Gateway& gateway) {
  for (const Error& e : gateway.warnings()) {
    print_line("warning", Colour::Yellow, e.where.str(), e.message, e.hint);
  }
}

void print_request_warnings(const RequestLog& log) {
  for (const std::string& line : log.warnings) {
    const std::string id = log.request_id.empty() ? "" : " (request " + log.request_id + ")";
    print_line("warning", Colour::Yellow, "", line + id, "");
  }
}

void warn_undeclared_stage(const model::Api& api, const std::string& stage) {
  if (stage.empty() || api.gw.stages.empty()) {
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& s : api.gw.stages) {
    if (s.name == stage) {
      return;
    }
    names.push_back(s.name);
  }
  const std::string guess = did_you_mean(stage, names);
  openapi::Warning w;
  w.message = "stage '" + stage + "' is not declared in x-gw.stages; serving it with no stage "
              "variables";
  w.hint = guess.empty() ? "" : "did you mean '" + guess + "'?";
  print_warning(w);
}

ExitCode report_load_error(const Error& error) {
  print_error(error);
  // A spec that cannot be read is a usage problem here (a wrong path), not the machine's.
  return error.kind == ErrorKind::Internal ? ExitCode::Internal : ExitCode::BadInput;
}

}  // namespace gw::cli
