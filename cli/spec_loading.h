#pragma once

/// Loading a spec for a subcommand: warnings and errors printed the same way everywhere
/// (`gw: warning: file:line:col: msg`, `gw: error: file:line:col: msg`, each with a hint line).

#include <string>

#include "cli/exit_code.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"
#include "openapi/loader.h"

namespace gw::cli {

/// Loads `spec` (with the x-gw block from `config` when not empty); prints warnings to stderr.
Result<openapi::Loaded> load_spec(const std::string& spec, const std::string& config);

/// Prints `gw: error: <where>: <message>` and the hint line to stderr.
void print_error(const Error& error);
/// Prints `gw: warning: ...` and the hint line to stderr.
void print_warning(const openapi::Warning& warning);

/// Prints the problems found while building a Gateway (mapping templates that do not parse,
/// unknown `$util` methods) as warnings.
void print_gateway_warnings(const Gateway& gateway);
/// Prints one request's warnings (a template that failed while rendering).
void print_request_warnings(const RequestLog& log);

/// Warns when `stage` is set but not one of the API's declared stages (it is still served,
/// with no stage variables).
void warn_undeclared_stage(const model::Api& api, const std::string& stage);

/// Prints a spec-loading error and returns its exit code (2, or 70 for a bug in gw).
ExitCode report_load_error(const Error& error);

}  // namespace gw::cli
