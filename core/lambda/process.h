#pragma once

/// The output of worker processes (spawn.h starts them): the thread that forwards a worker's
/// stdout/stderr pipe to gw's stderr line by line, each line prefixed.

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw::lambda {

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

}  // namespace gw::lambda
