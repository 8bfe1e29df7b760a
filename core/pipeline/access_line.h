#pragma once

/// A stage's access-log line (accessLogSettings.format, core/observe/access_log_format.h),
/// rendered from the Exchange at the end of each request. The formats are compiled once per
/// Gateway, one per stage that has one; a variable API Gateway does not log is a load warning
/// at the format's position.

#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"
#include "core/observe/access_log_format.h"

namespace gw::pipeline {

class Exchange;

class AccessLines {
 public:
  /// Compiles each stage's format; unknown variables are appended to `warnings`.
  AccessLines(const model::Api& api, std::vector<Error>& warnings);

  /// The line for a request that reached `ex.stage_name`, "" when that stage has no format.
  std::string render(const Exchange& ex, double latency_ms) const;

 private:
  std::vector<std::pair<std::string, observe::AccessLogFormat>> by_stage_;
};

}  // namespace gw::pipeline
