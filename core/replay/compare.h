#pragma once

/// Comparing a replayed response with the recorded one: status; headers, minus the volatile ones
/// (request ids, Date, trace ids) and any the user ignores; body as JSON when both sides are
/// JSON (key order and spacing do not matter), exactly otherwise, binary by content. Each
/// difference is a printable block with a unified diff of the differing part.

#include <string>
#include <string_view>
#include <vector>

#include "core/base/http.h"

namespace gw::replay {

struct CompareOptions {
  std::vector<std::string> ignore_headers;  ///< beyond the volatile ones (case-insensitive)
  /// Compare only headers the actual response has (HAR: the real deployment adds CDN headers).
  bool only_actual_headers = false;
};

/// True for headers that differ run to run by design (x-amzn-RequestId, Date, trace ids, ...).
bool is_volatile_header(std::string_view name);

/// The differences between expected and actual ({} when they match).
std::vector<std::string> compare_responses(const Response& expected, const Response& actual,
                                           const CompareOptions& options);

/// A body difference ("" when equal): JSON-aware, a unified diff for text, a summary for binary.
std::string compare_bodies(std::string_view expected, std::string_view actual,
                           std::string_view what);

/// A unified diff (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks with `context` lines around).
std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label,
                         std::string_view b_label, int context = 3);

}  // namespace gw::replay
