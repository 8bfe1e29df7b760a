#pragma once

/// `gw replay --update`: rewrites the expected responses of the failed exchanges in their
/// recordings (a snapshot workflow). Every other line stays byte for byte; in a rewritten line
/// only "response" changes (and "integrations" after a --live replay, which made real calls).
/// HAR files are never rewritten.

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/replay/replayer.h"

namespace gw::replay {

struct UpdateStats {
  size_t exchanges = 0;  ///< exchanges rewritten
  size_t files = 0;
  std::vector<std::string> skipped_har;  ///< HAR files with failures, left alone
};

Result<UpdateStats> update_recordings(const std::vector<ExchangeResult>& results, bool live);

}  // namespace gw::replay
