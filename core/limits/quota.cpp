#include "core/limits/quota.h"

#include <algorithm>

namespace gw::limits {

namespace {

constexpr size_t kDaysKept = 92;  // a quarter of daily history for `gw usage`

}  // namespace

std::optional<QuotaPeriod> parse_quota_period(std::string_view text) {
  if (text == "DAY") {
    return QuotaPeriod::Day;
  }
  if (text == "WEEK") {
    return QuotaPeriod::Week;
  }
  if (text == "MONTH") {
    return QuotaPeriod::Month;
  }
  return std::nullopt;
}

int64_t period_start(QuotaPeriod period, std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  sys_days day = floor<days>(t);
  if (period == QuotaPeriod::Week) {
    day -= days(weekday(day).c_encoding());  // back to Sunday
  } else if (period == QuotaPeriod::Month) {
    year_month_day ymd(day);
    day = sys_days(ymd.year() / ymd.month() / 1);
  }
  return duration_cast<seconds>(day.time_since_epoch()).count();
}

std::string utc_day(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  year_month_day ymd(floor<days>(t));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

long long remaining(const QuotaCounter& c, const QuotaRule& rule) {
  long long limit = rule.limit - (c.initial ? rule.offset : 0);
  return std::max(0LL, limit - c.used);
}

QuotaDecision consume(QuotaCounter& c, const QuotaRule& rule,
                      std::chrono::system_clock::time_point now) {
  int64_t start = period_start(rule.period, now);
  if (c.period_start == 0) {
    c.period_start = start;
  } else if (start > c.period_start) {
    c.period_start = start;
    c.used = 0;
    c.initial = false;
  }
  QuotaDecision d;
  if (remaining(c, rule) <= 0) {
    d.used = c.used;
    return d;
  }
  ++c.used;
  ++c.days[utc_day(now)];
  while (c.days.size() > kDaysKept) {
    c.days.erase(c.days.begin());
  }
  d.allowed = true;
  d.used = c.used;
  d.remaining = remaining(c, rule);
  return d;
}

}  // namespace gw::limits
