#include "core/lambda/launch.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace gw::lambda {

namespace fs = std::filesystem;

namespace {

#ifndef GW_RUNTIMES_DIR
#define GW_RUNTIMES_DIR ""
#endif

bool has_bootstraps(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "python" / "bootstrap.py", ec);
}

std::string interpreter(const model::Api& api, const model::FunctionConfig& fn,
                        std::string_view fallback) {
  auto it = api.gw.runtimes.find(fn.runtime);
  return it != api.gw.runtimes.end() ? it->second : std::string(fallback);
}

fs::path code_dir(const model::Api& api, const model::FunctionConfig& fn) {
  fs::path base = api.spec_path ? fs::path(*api.spec_path).parent_path() : fs::path(".");
  fs::path dir = fn.code_uri.empty() ? base : base / fn.code_uri;
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec);
  fs::path out = (ec ? dir : abs).lexically_normal();
  return out.has_filename() ? out : out.parent_path();  // "a/./" -> "a/" -> "a"
}

Result<std::vector<std::string>> command_for(const model::Api& api, const model::FunctionConfig& fn,
                                             const fs::path& dir) {
  const std::string& rt = fn.runtime;
  if (rt.starts_with("python") || rt.starts_with("nodejs")) {
    bool py = rt.starts_with("python");
    fs::path boot = fs::path(runtimes_dir()) / (py ? "python/bootstrap.py" : "node/bootstrap.js");
    std::error_code ec;
    if (!fs::exists(boot, ec)) {
      return fail(
          ErrorKind::Environment,
          "the " + std::string(py ? "python" : "node") + " bootstrap is missing: " + boot.string(),
          fn.where, "set GW_RUNTIMES_DIR to gw's runtimes/ directory");
    }
    return std::vector<std::string>{interpreter(api, fn, py ? "python3" : "node"), boot.string()};
  }
  if (rt.starts_with("provided")) {
    return std::vector<std::string>{(dir / "bootstrap").string()};
  }
  return fail(ErrorKind::BadInput,
              "function '" + fn.name + "' has runtime '" + rt + "' that gw cannot run locally",
              fn.where, "use python3.x, nodejs<N>.x or provided (with a bootstrap in codeUri)");
}

// The file holding the handler: "pkg.mod.fn" -> pkg/mod.py, "dir/file.fn" -> dir/file.js.
std::string handler_file(const model::FunctionConfig& fn, const fs::path& dir) {
  if (fn.runtime.starts_with("provided")) {
    return (dir / "bootstrap").string();
  }
  std::string module = fn.handler.substr(0, fn.handler.rfind('.'));
  if (fn.runtime.starts_with("python")) {
    std::replace(module.begin(), module.end(), '.', '/');
    return (dir / (module + ".py")).string();
  }
  for (const char* ext : {".js", ".mjs", ".cjs"}) {
    std::error_code ec;
    if (fs::exists(dir / (module + ext), ec)) {
      return (dir / (module + ext)).string();
    }
  }
  return (dir / (module + ".js")).string();
}

std::string pycache_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/gw-pycache";
}

std::string find_runtimes_dir() {
  if (const char* env = std::getenv("GW_RUNTIMES_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (const fs::path& candidate :
         {dir / ".." / "runtimes", dir / "runtimes", dir / ".." / "share" / "gw" / "runtimes"}) {
      if (has_bootstraps(candidate)) {
        return candidate.lexically_normal().string();
      }
    }
  }
  return GW_RUNTIMES_DIR;
}

}  // namespace

std::string runtimes_dir() {
  static const std::string dir = find_runtimes_dir();  // once: it is read per invocation
  return dir;
}

std::string function_arn(std::string_view name) {
  return "arn:aws:lambda:us-east-1:123456789012:function:" + std::string(name);
}

Result<LaunchSpec> make_launch_spec(const model::Api& api, const model::FunctionConfig& fn) {
  if (!fn.url.empty()) {
    return fail(ErrorKind::BadInput,
                "function '" + fn.name + "' runs at " + fn.url + ", not locally", fn.where);
  }
  LaunchSpec spec;
  spec.function_name = fn.name;
  fs::path dir = code_dir(api, fn);
  auto argv = command_for(api, fn, dir);
  if (!argv) {
    return std::unexpected(argv.error());
  }
  spec.argv = std::move(*argv);
  spec.cwd = dir.string();
  spec.code_file = handler_file(fn, dir);
  spec.timeout_seconds = fn.timeout_seconds > 0 ? fn.timeout_seconds : 3;
  spec.memory_mb = fn.memory_mb > 0 ? fn.memory_mb : 128;
  spec.max_concurrency = fn.reserved_concurrency > 0 ? fn.reserved_concurrency : 0;
  spec.env = {
      {"AWS_LAMBDA_FUNCTION_NAME", fn.name},
      {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(spec.memory_mb)},
      {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.name},
      {"AWS_LAMBDA_LOG_STREAM_NAME", "local"},
      {"AWS_REGION", "us-east-1"},
      {"AWS_DEFAULT_REGION", "us-east-1"},
      {"AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime},
      {"_HANDLER", fn.handler},
      {"LAMBDA_TASK_ROOT", spec.cwd},
      {"LAMBDA_RUNTIME_DIR", runtimes_dir()},
      {"PYTHONUNBUFFERED", "1"},
      {"PYTHONPYCACHEPREFIX", pycache_dir()},  // keeps __pycache__ out of the user's tree
  };
  for (const auto& [key, value] : fn.environment) {
    spec.env.emplace_back(key, value);
  }
  return spec;
}

}  // namespace gw::lambda
