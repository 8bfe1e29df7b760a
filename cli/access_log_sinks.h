#pragma once

/// Where `gw serve` writes each stage's access-log lines (accessLogSettings.destination):
/// stdout (the default, and any CloudWatch ARN), stderr, or a file appended to. Files are opened
/// when the API loads (a file that cannot be opened stops the start with exit 2), kept open
/// across reloads, and written one whole line per write(2), so lines never interleave.

#include <map>
#include <mutex>
#include <string>

#include "core/base/result.h"
#include "core/model/api.h"

namespace gw::cli {

class AccessLogSinks {
 public:
  enum class Where { Stdout, Stderr, File };

  AccessLogSinks() = default;
  ~AccessLogSinks();
  AccessLogSinks(const AccessLogSinks&) = delete;
  AccessLogSinks& operator=(const AccessLogSinks&) = delete;

  /// Maps the API's stages to their destinations, opening the files not open yet (0644,
  /// appended to; relative paths against the spec's directory).
  Result<void> configure(const model::Api& api);
  /// Appends `line` to a file-destined stage's file; otherwise says where the caller writes it.
  Where write(const std::string& stage, const std::string& line);

 private:
  struct Destination {
    Where where = Where::Stdout;
    int fd = -1;
  };
  std::mutex mu_;
  std::map<std::string, Destination> by_stage_;
  std::map<std::string, int> files_;  ///< resolved path -> fd, open for the whole run
};

}  // namespace gw::cli
