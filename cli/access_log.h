#pragma once

/// `gw serve`'s access-log line for people:
/// `HH:MM:SS METHOD PATH STATUS LATENCYms (integration Xms) REQUEST_ID`, aligned, then
/// `canary DEPLOYMENT` for a request a stage's canary served.

#include <chrono>
#include <string>

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

}  // namespace gw::cli
