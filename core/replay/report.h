#pragma once

/// Replay reports: the text people read, JUnit XML (one test case per exchange, named by method
/// and path), TAP 13 and JSON for CI systems.

#include <string>
#include <vector>

#include "core/replay/replayer.h"

namespace gw::replay {

struct Summary {
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;
};

Summary summarize(const std::vector<ExchangeResult>& results);
/// "2 passed, 1 failed" (+ ", N skipped" when any).
std::string summary_line(const Summary& s);
/// "GET /dev/pets/1".
std::string test_name(const ExchangeResult& r);
/// "file:line".
std::string location(const ExchangeResult& r);

/// The failures, each with its id, route, location and diffs, then the summary line.
std::string report_text(const std::vector<ExchangeResult>& results);
std::string report_junit(const std::vector<ExchangeResult>& results);
std::string report_tap(const std::vector<ExchangeResult>& results);
std::string report_json(const std::vector<ExchangeResult>& results);

}  // namespace gw::replay
