// Java's regex-based String methods through PCRE2 (close to java.util.regex for what templates
// use: classes, quantifiers, groups, anchors, escapes).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

#include "core/vtl/eval.h"

namespace gw::vtl::detail {

namespace {

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct DataDeleter {
  void operator()(pcre2_match_data* d) const { pcre2_match_data_free(d); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;
using Data = std::unique_ptr<pcre2_match_data, DataDeleter>;

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

/// Iterates the matches of re in s: calls on_match(start, end, ovector) for each.
template <class F>
Result<void> each_match(std::string_view s, std::string_view re, bool all, F on_match) {
  auto code = compile(re);
  if (!code) {
    return std::unexpected(std::move(code).error());
  }
  Data data(pcre2_match_data_create_from_pattern(code->get(), nullptr));
  size_t pos = 0;
  while (pos <= s.size()) {
    int rc = pcre2_match(code->get(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), pos, 0,
                         data.get(), nullptr);
    if (rc < 0) {
      break;
    }
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
    size_t b = ov[0];
    size_t e = ov[1];
    on_match(b, e, ov, rc);
    if (!all) {
      break;
    }
    pos = e > b ? e : e + 1;
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
  return pcre2_match(code->get(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0,
                     data.get(), nullptr) >= 0;
}

Result<std::vector<std::string>> regex_split(std::string_view s, std::string_view re,
                                             int64_t limit) {
  std::vector<std::string> parts;
  size_t last = 0;
  auto r = each_match(s, re, true, [&](size_t b, size_t e, const PCRE2_SIZE*, int) {
    if (limit > 0 && static_cast<int64_t>(parts.size()) >= limit - 1) {
      return;
    }
    if (b == 0 && e == 0) {
      return;  // a zero-width match at the start gives no leading empty string
    }
    if (b == e && b >= s.size()) {
      return;
    }
    if (b < last) {
      return;
    }
    parts.emplace_back(s.substr(last, b - last));
    last = e;
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
