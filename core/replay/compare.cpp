#include "core/replay/compare.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/base/strings.h"
#include "core/replay/json_io.h"
#include "core/replay/recording.h"

namespace gw::replay {

namespace {

// Headers whose values change on every run: ids, times, traces, and transport framing.
constexpr std::array<std::string_view, 10> kVolatile = {
    "x-amzn-requestid", "x-amz-apigw-id",  "apigw-requestid", "date",       "x-amzn-trace-id",
    "x-amz-cf-id",      "content-length", "connection",      "keep-alive", "x-amz-cf-pop"};

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    end = end == std::string_view::npos ? s.size() : end;
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

enum class Op { Same, Del, Add };

// A shortest edit script by LCS (inputs here are small: bodies and header lists).
std::vector<std::pair<Op, std::string_view>> edit_script(const std::vector<std::string_view>& a,
                                                         const std::vector<std::string_view>& b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<std::pair<Op, std::string_view>> out;
  if (n * m > 4'000'000) {  // too big for the table: everything replaced
    for (auto l : a) {
      out.emplace_back(Op::Del, l);
    }
    for (auto l : b) {
      out.emplace_back(Op::Add, l);
    }
    return out;
  }
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.emplace_back(Op::Same, a[i++]);
      ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      out.emplace_back(Op::Del, a[i++]);  // deletions first, as diff(1) prints them
    } else {
      out.emplace_back(Op::Add, b[j++]);
    }
  }
  return out;
}

std::string header_lines(const Headers& h, const CompareOptions& o, const Headers* only) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : h) {
    std::string lower = to_lower(name);
    if (is_volatile_header(lower) ||
        std::any_of(o.ignore_headers.begin(), o.ignore_headers.end(),
                    [&](const std::string& x) { return iequals(x, lower); }) ||
        (only != nullptr && !only->has(lower))) {
      continue;
    }
    lines.push_back(lower + ": " + value);
  }
  std::stable_sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) {
    out += l + "\n";
  }
  return out;
}

/// Bodies nested deeper than this are compared as text: indenting each level made the diff of
/// a 20 KB body 200 MB (issue 16, item 6), and comparing them recursed per level.
constexpr int kMaxJsonDiffDepth = 64;
/// A diff longer than this is cut (the counts in its header stay exact).
constexpr size_t kMaxDiffBytes = 256 * 1024;

// Unordered objects: key order does not matter, and dumps list keys sorted.
std::optional<nlohmann::json> as_json(std::string_view body) {
  if (trim(body).empty()) {
    return std::nullopt;
  }
  bool too_deep = false;
  auto guard = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    too_deep = too_deep || depth > kMaxJsonDiffDepth;
    return !too_deep;
  };
  nlohmann::json j = nlohmann::json::parse(body, guard, /*allow_exceptions=*/false);
  if (too_deep || j.is_discarded()) {
    return std::nullopt;
  }
  return j;
}

}  // namespace

bool is_volatile_header(std::string_view name) {
  return std::any_of(kVolatile.begin(), kVolatile.end(),
                     [&](std::string_view v) { return iequals(v, name); });
}

std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label,
                         std::string_view b_label, int context) {
  const auto script = edit_script(lines_of(a), lines_of(b));
  const size_t n = script.size();
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  // An entry is shown when a change lies within `context` entries of it.
  std::vector<bool> shown(n, false);
  for (size_t x = 0; x < n; ++x) {
    if (script[x].first != Op::Same) {
      const size_t lo = x >= ctx ? x - ctx : 0;
      for (size_t y = lo; y < n && y <= x + ctx; ++y) {
        shown[y] = true;
      }
    }
  }
  std::string out = "--- " + std::string(a_label) + "\n+++ " + std::string(b_label) + "\n";
  size_t a_line = 1;
  size_t b_line = 1;
  size_t x = 0;
  while (x < n) {
    if (!shown[x]) {
      a_line += script[x].first != Op::Add ? 1 : 0;
      b_line += script[x].first != Op::Del ? 1 : 0;
      ++x;
      continue;
    }
    size_t a_n = 0;
    size_t b_n = 0;
    std::string body;
    const size_t a_start = a_line;
    const size_t b_start = b_line;
    for (; x < n && shown[x]; ++x) {
      const Op op = script[x].first;
      a_n += op != Op::Add ? 1 : 0;
      b_n += op != Op::Del ? 1 : 0;
      body += op == Op::Same ? ' ' : op == Op::Del ? '-' : '+';
      body.append(script[x].second);
      body += '\n';
    }
    a_line += a_n;
    b_line += b_n;
    out += "@@ -" + std::to_string(a_n == 0 ? a_start - 1 : a_start) + "," + std::to_string(a_n) +
           " +" + std::to_string(b_n == 0 ? b_start - 1 : b_start) + "," + std::to_string(b_n) +
           " @@\n" + body;
    if (out.size() > kMaxDiffBytes) {
      out.resize(kMaxDiffBytes);
      out += "\n... (diff cut at " + std::to_string(kMaxDiffBytes / 1024) + " KiB)\n";
      break;
    }
  }
  return out;
}

std::string compare_bodies(std::string_view expected, std::string_view actual,
                           std::string_view what) {
  if (expected == actual) {
    return {};
  }
  auto je = as_json(expected);
  auto ja = as_json(actual);
  if (je && ja) {
    if (*je == *ja) {
      return {};
    }
    return std::string(what) + " differs (as JSON):\n" +
           unified_diff(je->dump(2), ja->dump(2), "expected", "actual");
  }
  if (!is_valid_utf8(expected) || !is_valid_utf8(actual)) {
    size_t first = 0;
    while (first < expected.size() && first < actual.size() && expected[first] == actual[first]) {
      ++first;
    }
    return std::string(what) + " differs (binary): expected " + std::to_string(expected.size()) +
           " bytes, got " + std::to_string(actual.size()) + " bytes; first difference at byte " +
           std::to_string(first) + "\n";
  }
  return std::string(what) + " differs:\n" + unified_diff(expected, actual, "expected", "actual");
}

std::vector<std::string> compare_responses(const Response& expected, const Response& actual,
                                           const CompareOptions& options) {
  std::vector<std::string> out;
  if (expected.status != actual.status) {
    out.push_back("status: expected " + std::to_string(expected.status) + ", got " +
                  std::to_string(actual.status) + "\n");
  }
  const Headers* only = options.only_actual_headers ? &actual.headers : nullptr;
  std::string he = header_lines(expected.headers, options, only);
  std::string ha = header_lines(actual.headers, options, only);
  if (options.only_actual_headers) {
    ha = header_lines(actual.headers, options, &expected.headers);
  }
  if (he != ha) {
    out.push_back("headers differ:\n" + unified_diff(he, ha, "expected", "actual"));
  }
  std::string body = compare_bodies(expected.body, actual.body, "body");
  if (!body.empty()) {
    out.push_back(std::move(body));
  }
  return out;
}

}  // namespace gw::replay
