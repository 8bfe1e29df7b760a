#pragma once

/// Child processes for workers: spawned with posix_spawn (safe in gw's threaded process) in a
/// process group of their own, stdin from /dev/null, stdout+stderr into one pipe, no other
/// descriptors inherited; and the thread that forwards that pipe to gw's stderr line by line.

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw::lambda {

struct Spawned {
  pid_t pid = -1;
  int output_fd = -1;  ///< read end of the stdout/stderr pipe
};

/// Starts argv in cwd with gw's environment plus env (entries replace same-named ones).
Result<Spawned> spawn_process(const std::vector<std::string>& argv, const std::string& cwd,
                              const std::vector<std::pair<std::string, std::string>>& env);

/// The prefix a worker's output lines get; the request id changes per invocation.
class LogPrefix {
 public:
  explicit LogPrefix(std::string function_name) : name_(std::move(function_name)) {}
  void set_request_id(std::string id);
  std::string prefix() const;  ///< "[fn]" or "[fn 1b2c3d4e]"

 private:
  mutable std::mutex mu_;
  std::string name_;
  std::string request_id_;
};

/// Forwards fd to stderr on a detached thread until EOF, then closes fd.
void forward_output(int fd, std::shared_ptr<LogPrefix> prefix);

/// Kills the process group of pid and reaps pid (unless already reaped).
void kill_and_reap(pid_t pid, bool already_reaped);

}  // namespace gw::lambda
