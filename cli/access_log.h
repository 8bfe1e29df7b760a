#pragma once

/// `gw serve`'s access-log line for people:
/// `HH:MM:SS METHOD PATH STATUS LATENCYms (integration Xms) REQUEST_ID`, aligned, then
/// `canary DEPLOYMENT` for a request a stage's canary served; and the per-stage metrics
/// `gw serve` prints when it stops.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/pipeline/gateway.h"

namespace gw::cli {

/// One line (no newline); `when` is shown in local time.
std::string format_access_line(const RequestLog& log, std::chrono::system_clock::time_point when,
                               bool colour);

/// The same request as one JSON object (no newline), for `gw serve --log-format json`: time
/// (ISO 8601, UTC), requestId, extendedRequestId, method, path, stage, resourcePath, status,
/// latencyMs, integrationLatencyMs and integrationStatus (null when no integration ran),
/// errorType and errorMessage (null unless the gateway answered itself), canary, deploymentId
/// and warnings.
std::string format_access_json(const RequestLog& log, std::chrono::system_clock::time_point when);

/// CloudWatch's Count, 4XXError and 5XXError per stage, a stage's canary requests counted
/// apart (on AWS a canary has metrics and logs of its own). Thread-safe.
class StageMetrics {
 public:
  void count(const RequestLog& log);
  /// "metrics prod: Count 900, 4XXError 2, 5XXError 0" then "metrics prod (canary): ...",
  /// by stage; nothing before the first request that reached a stage.
  std::vector<std::string> lines() const;

 private:
  struct Counts {
    long long count = 0;
    long long client_errors = 0;
    long long server_errors = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, bool>, Counts> by_stage_;  // (stage, canary)
};

}  // namespace gw::cli
