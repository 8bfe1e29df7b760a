#include "openapi/schema_formats.h"

namespace gw::openapi {
namespace {

/// Reads exactly `n` digits at s[*i]; false when they are not there.
bool digits(std::string_view s, size_t* i, size_t n, int* out) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (*i + k >= s.size() || s[*i + k] < '0' || s[*i + k] > '9') {
      return false;
    }
    v = v * 10 + (s[*i + k] - '0');
  }
  *i += n;
  *out = v;
  return true;
}

bool expect(std::string_view s, size_t* i, char c) {
  if (*i < s.size() && s[*i] == c) {
    ++*i;
    return true;
  }
  return false;
}

bool leap(long year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

/// YYYY-MM-DD (the year: four digits or more), the day within its month.
bool date(std::string_view s, size_t* i) {
  size_t start = *i;
  long year = 0;
  while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') {
    year = year < 100'000'000 ? year * 10 + (s[*i] - '0') : year;
    ++*i;
  }
  int month = 0;
  int day = 0;
  if (*i - start < 4 || !expect(s, i, '-') || !digits(s, i, 2, &month) || !expect(s, i, '-') ||
      !digits(s, i, 2, &day)) {
    return false;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) {
    return false;
  }
  return month != 2 || day < 29 || leap(year);
}

/// HH:MM:SS[.frac](Z|±HH:MM)
bool time(std::string_view s, size_t* i) {
  int h = 0;
  int m = 0;
  int sec = 0;
  if (!digits(s, i, 2, &h) || !expect(s, i, ':') || !digits(s, i, 2, &m) || !expect(s, i, ':') ||
      !digits(s, i, 2, &sec) || h > 23 || m > 59 || sec > 60) {
    return false;
  }
  if (expect(s, i, '.')) {
    size_t start = *i;
    while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') {
      ++*i;
    }
    if (*i == start) {
      return false;
    }
  }
  if (expect(s, i, 'Z') || expect(s, i, 'z')) {
    return true;
  }
  if (!expect(s, i, '+') && !expect(s, i, '-')) {
    return false;
  }
  return digits(s, i, 2, &h) && expect(s, i, ':') && digits(s, i, 2, &m) && h <= 23 && m <= 59;
}

}  // namespace

bool matches_format(std::string_view format, std::string_view s) {
  size_t i = 0;
  if (format == "date-time") {
    return date(s, &i) && (expect(s, &i, 'T') || expect(s, &i, 't')) && time(s, &i) &&
           i == s.size();
  }
  if (format == "date") {
    return date(s, &i) && i == s.size();
  }
  if (format == "time") {
    return time(s, &i) && i == s.size();
  }
  return true;
}

}  // namespace gw::openapi
