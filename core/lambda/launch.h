#pragma once

/// How to start a worker process for one function: the command line (the runtime's bootstrap),
/// the working directory (the code directory, LAMBDA_TASK_ROOT) and the environment Lambda
/// gives a function (AWS_LAMBDA_FUNCTION_NAME, AWS_REGION, _HANDLER, ... plus its own
/// `environment`). AWS_LAMBDA_RUNTIME_API is added by the worker once its port is known.
///
/// Runtimes: `python*` runs runtimes/python/bootstrap.py on `x-gw.runtimes[runtime]` or
/// `python3`; `nodejs*` runs runtimes/node/bootstrap.js on `x-gw.runtimes[runtime]` or `node`;
/// `provided*` runs `<codeUri>/bootstrap` unchanged.

#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"

namespace gw::lambda {

struct LaunchSpec {
  std::string function_name;
  std::vector<std::string> argv;  ///< argv[0] is looked up on PATH when it has no '/'
  std::string cwd;                ///< the code directory (absolute)
  std::vector<std::pair<std::string, std::string>> env;  ///< added to / replacing gw's environ
  std::string code_file;  ///< the handler's file: a change restarts the workers
  int timeout_seconds = 3;
  int memory_mb = 128;
  int max_concurrency = 0;  ///< the function's reservedConcurrency (0 = the manager's limit)
};

/// The directory holding the shipped bootstraps (python/bootstrap.py, node/bootstrap.js):
/// $GW_RUNTIMES_DIR, else beside the gw executable (../runtimes, ./runtimes,
/// ../share/gw/runtimes), else the source tree's runtimes/.
std::string runtimes_dir();

/// The launch spec for fn of api; BadInput for a runtime gw cannot run.
Result<LaunchSpec> make_launch_spec(const model::Api& api, const model::FunctionConfig& fn);

/// "arn:aws:lambda:us-east-1:123456789012:function:<name>".
std::string function_arn(std::string_view name);

}  // namespace gw::lambda
