#include "core/base/clock.h"

#include <array>
#include <ctime>

namespace gw {

namespace {

std::tm utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

// These texts change once a second and every request asks for some (the Date header,
// $context.requestTime): each thread keeps the last text of each format (strftime and the
// calendar arithmetic were 3% of a mock request's instructions).
std::string format(std::chrono::system_clock::time_point t, const char* fmt) {
  struct Last {
    const char* fmt = nullptr;
    std::time_t secs = 0;
    std::string text;
  };
  thread_local std::array<Last, 4> last;
  thread_local size_t next = 0;
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  for (const Last& l : last) {
    if (l.fmt == fmt && l.secs == secs) {
      return l.text;
    }
  }
  std::tm tm = utc(t);
  std::array<char, 64> buf{};
  size_t n = std::strftime(buf.data(), buf.size(), fmt, &tm);
  Last* slot = nullptr;
  for (Last& l : last) {
    if (l.fmt == fmt) {
      slot = &l;
    }
  }
  if (slot == nullptr) {
    slot = &last[next];
    next = (next + 1) % last.size();
  }
  *slot = Last{fmt, secs, std::string(buf.data(), n)};
  return slot->text;
}

}  // namespace

std::string make_uuid(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t hi = random.next();
  uint64_t lo = random.next();
  hi = (hi & ~0xf000ULL) | 0x4000ULL;                       // version 4
  lo = (lo & ~(0xcULL << 60)) | (0x8ULL << 60);             // variant 10xx
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    out.push_back(kHex[(word >> shift) & 0xf]);
    if (i == 7 || i == 11 || i == 15 || i == 19) {
      out.push_back('-');
    }
  }
  return out;
}

std::string make_base64_id(Random& random, std::string_view alphabet) {
  uint64_t bits = random.next();
  std::string out;
  out.reserve(16);
  for (int i = 0; i < 15; ++i) {
    if (i == 10) {  // 10 characters use 60 of a draw's 64 bits
      bits = random.next();
    }
    out.push_back(alphabet[bits & 63]);
    bits >>= 6;
  }
  out.push_back('=');
  return out;
}

std::string make_extended_id(Random& random) {
  return make_base64_id(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}

std::string format_clf_time(std::chrono::system_clock::time_point t) {
  return format(t, "%d/%b/%Y:%H:%M:%S +0000");
}

std::string format_http_date(std::chrono::system_clock::time_point t) {
  return format(t, "%a, %d %b %Y %H:%M:%S GMT");
}

std::string format_iso8601(std::chrono::system_clock::time_point t) {
  auto ms = epoch_ms(t) % 1000;
  std::string s = format(t, "%Y-%m-%dT%H:%M:%S");
  std::array<char, 8> frac{};
  std::snprintf(frac.data(), frac.size(), ".%03dZ", static_cast<int>(ms));
  return s + frac.data();
}

int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace gw
