#pragma once

/// Usage-plan quotas (fact 60): a limit of requests per DAY, WEEK or MONTH for each API key in
/// a plan. Periods are calendar periods in UTC: a day starts at 00:00, a week on Sunday (the
/// API reference: "with a time period of WEEK, an offset of 0 starts on Sunday"), a month on
/// its first day. `offset` is "the number of requests subtracted from the given limit in the
/// initial time period" (QuotaSettings): gw's initial period is the first one a key is used in.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gw::limits {

enum class QuotaPeriod { Day, Week, Month };

std::optional<QuotaPeriod> parse_quota_period(std::string_view text);

struct QuotaRule {
  long long limit = 0;
  long long offset = 0;
  QuotaPeriod period = QuotaPeriod::Day;
};

/// One key's usage under one plan, as persisted in the state directory.
struct QuotaCounter {
  std::string plan;
  std::string key_id;
  int64_t period_start = 0;               ///< epoch seconds (UTC) of the current period
  long long used = 0;                     ///< requests counted in the current period
  bool initial = true;                    ///< still in the first period the key was used in
  std::map<std::string, long long> days;  ///< "2026-11-26" -> requests that day
};

struct QuotaDecision {
  bool allowed = false;
  long long used = 0;       ///< after this request
  long long remaining = 0;  ///< after this request
};

/// Epoch seconds of the start of the period containing t.
int64_t period_start(QuotaPeriod period, std::chrono::system_clock::time_point t);
/// "2026-11-26" (UTC).
std::string utc_day(std::chrono::system_clock::time_point t);
/// Counts one request if the quota allows it (rolling the period over first).
QuotaDecision consume(QuotaCounter& c, const QuotaRule& rule,
                      std::chrono::system_clock::time_point now);
/// The quota left in c's current period under rule (as `get-usage` reports it).
long long remaining(const QuotaCounter& c, const QuotaRule& rule);

}  // namespace gw::limits
