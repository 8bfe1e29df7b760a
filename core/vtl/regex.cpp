// Java's regex-based String methods through PCRE2 (close to java.util.regex for what templates
// use: classes, quantifiers, groups, anchors, escapes).
#include <algorithm>
#include <memory>

#include "core/base/pcre2_handles.h"
#include "core/vtl/eval.h"

namespace gw::vtl::detail {

namespace {

using pcre2::Code;
using pcre2::Context;
using pcre2::Data;

/// Backtracking bounds per match: a catastrophic pattern (`^(a+)+$` on a long subject) fails
/// after a fraction of a second instead of running for minutes.
constexpr uint32_t kMatchLimit = 5'000'000;
constexpr uint32_t kDepthLimit = 250'000;

/// The match context with those bounds, one per thread.
pcre2_match_context* bounded_context() {
  thread_local Context ctx = [] {
    Context c(pcre2_match_context_create(nullptr));
    pcre2_set_match_limit(c.get(), kMatchLimit);
    pcre2_set_depth_limit(c.get(), kDepthLimit);
    return c;
  }();
  return ctx.get();
}

/// The length of the UTF-8 character starting at s[i] (1 for a stray byte).
size_t char_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(n, s.size() - i);
}

/// pcre2_match with the bounds. The subject's UTF-8 is checked on the first match only
/// (checked_utf): re-checking the whole subject per match made replaceAll quadratic.
Result<int> match(const pcre2_code* code, std::string_view s, size_t pos, pcre2_match_data* data,
                  bool checked_utf, std::string_view re) {
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), pos,
                             checked_utf ? PCRE2_NO_UTF_CHECK : 0, data, bounded_context());
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
    return fail(ErrorKind::Failure, "regex /" + std::string(re) +
                                        "/ exceeded its backtracking limit on a " +
                                        std::to_string(s.size()) + "-byte string");
  }
  return rc;
}

Result<Code> compile(std::string_view re) {
  int err = 0;
  PCRE2_SIZE at = 0;
  pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(re.data()), re.size(), PCRE2_UTF, &err,
                                &at, nullptr);
  if (c == nullptr) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return fail(ErrorKind::Failure,
                "PatternSyntaxException: " + std::string(reinterpret_cast<char*>(msg)) + " in /" +
                    std::string(re) + "/");
  }
  return Code(c);
}

/// Iterates the matches of re in s: calls on_match(start, end, ovector, groups) for each until
/// it returns false. Linear in s apart from the pattern's own cost.
template <class F>
Result<void> each_match(std::string_view s, std::string_view re, bool all, F on_match) {
  auto code = compile(re);
  if (!code) {
    return std::unexpected(std::move(code).error());
  }
  Data data(pcre2_match_data_create_from_pattern(code->get(), nullptr));
  size_t pos = 0;
  bool checked_utf = false;
  while (pos <= s.size()) {
    auto rc = match(code->get(), s, pos, data.get(), checked_utf, re);
    if (!rc) {
      return std::unexpected(std::move(rc).error());
    }
    if (*rc < 0) {
      break;  // no further match (or a subject that is not UTF-8: it matches nothing)
    }
    checked_utf = true;
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
    size_t b = ov[0];
    size_t e = ov[1];
    if (!on_match(b, e, ov, *rc) || !all) {
      break;
    }
    // After an empty match, step over one whole character: PCRE2_NO_UTF_CHECK needs the
    // start offset on a character boundary.
    pos = e > b ? e : e < s.size() ? e + char_length(s, e) : e + 1;
  }
  return {};
}

/// Java replacement syntax: `$n` and `${name}` are groups, `\x` is a literal x.
void append_replacement(std::string& out, std::string_view s, std::string_view rep,
                        const PCRE2_SIZE* ov, int groups) {
  for (size_t i = 0; i < rep.size(); ++i) {
    char c = rep[i];
    if (c == '\\' && i + 1 < rep.size()) {
      out += rep[++i];
    } else if (c == '$' && i + 1 < rep.size() && rep[i + 1] >= '0' && rep[i + 1] <= '9') {
      int g = rep[++i] - '0';
      while (i + 1 < rep.size() && rep[i + 1] >= '0' && rep[i + 1] <= '9' &&
             g * 10 + (rep[i + 1] - '0') < groups) {
        g = g * 10 + (rep[++i] - '0');
      }
      if (g < groups && ov[2 * g] != PCRE2_UNSET) {
        out.append(s.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
      }
    } else {
      out += c;
    }
  }
}

}  // namespace

Result<std::string> regex_replace(std::string_view s, std::string_view re, std::string_view rep,
                                  bool all) {
  std::string out;
  size_t last = 0;
  auto r = each_match(s, re, all, [&](size_t b, size_t e, const PCRE2_SIZE* ov, int groups) {
    out.append(s.substr(last, b - last));
    append_replacement(out, s, rep, ov, groups);
    last = e;
    return true;
  });
  if (!r) {
    return std::unexpected(std::move(r).error());
  }
  out.append(s.substr(std::min(last, s.size())));
  return out;
}

Result<bool> regex_matches(std::string_view s, std::string_view re) {
  auto code = compile("\\A(?:" + std::string(re) + ")\\z");  // Java: the whole string
  if (!code) {
    return std::unexpected(std::move(code).error());
  }
  Data data(pcre2_match_data_create_from_pattern(code->get(), nullptr));
  auto rc = match(code->get(), s, 0, data.get(), false, re);
  if (!rc) {
    return std::unexpected(std::move(rc).error());
  }
  return *rc >= 0;
}

Result<std::vector<std::string>> regex_split(std::string_view s, std::string_view re,
                                             int64_t limit) {
  std::vector<std::string> parts;
  size_t last = 0;
  auto r = each_match(s, re, true, [&](size_t b, size_t e, const PCRE2_SIZE*, int) {
    if (limit > 0 && static_cast<int64_t>(parts.size()) >= limit - 1) {
      return false;
    }
    if (b == 0 && e == 0) {
      return true;  // a zero-width match at the start gives no leading empty string
    }
    if ((b == e && b >= s.size()) || b < last) {
      return true;
    }
    parts.emplace_back(s.substr(last, b - last));
    last = e;
    return true;
  });
  if (!r) {
    return std::unexpected(std::move(r).error());
  }
  parts.emplace_back(s.substr(last));
  if (limit == 0) {
    while (parts.size() > 1 && parts.back().empty()) {
      parts.pop_back();
    }
    if (parts.size() == 1 && parts[0].empty() && !s.empty()) {
      parts.clear();
    }
  }
  return parts;
}

}  // namespace gw::vtl::detail
