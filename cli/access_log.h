#pragma once

/// `gw serve`'s access-log line for people:
/// `HH:MM:SS METHOD PATH STATUS LATENCYms (integration Xms) REQUEST_ID`, aligned.

#include <chrono>
#include <string>

#include "core/pipeline/gateway.h"

namespace gw::cli {

/// One line (no newline); `when` is shown in local time.
std::string format_access_line(const RequestLog& log, std::chrono::system_clock::time_point when,
                               bool colour);

}  // namespace gw::cli
