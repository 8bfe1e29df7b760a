#pragma once

/// JSONPath as API Gateway evaluates it for `$input.json(x)`, `$input.path(x)` and
/// `integration.response.body.x`: `$`, `.name`, `['name']`, `[n]` (negative from the end),
/// `[*]`, `.*`, `..`, unions `[0,1]` / `['a','b']`, slices `[start:end:step]` and filters
/// `[?(@.x > 1 && @.y == 'a')]`. Compiled once, evaluated many times.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw::jsonpath {

using Json = nlohmann::ordered_json;

struct Segment;
struct Filter;

class Path {
 public:
  Path();
  ~Path();
  Path(Path&&) noexcept;
  Path& operator=(Path&&) noexcept;

  /// True when the path names at most one node (no wildcard, slice, filter, union or `..`):
  /// API Gateway then yields that node itself rather than a list.
  bool definite() const { return definite_; }
  /// The matching nodes, in document order; pointers into root.
  std::vector<const Json*> select(const Json& root) const;
  const std::string& text() const { return text_; }
  /// Internal: used by the parser for the relative paths inside filters.
  void set_segments(std::vector<Segment> segments, bool definite);

 private:
  friend Result<Path> compile(std::string_view text);
  std::string text_;
  std::vector<Segment> segments_;
  bool definite_ = true;
};

/// Parses a JSONPath; errors name the offending column. A path without the leading `$`
/// ("a.b") is taken relative to the root.
Result<Path> compile(std::string_view text);

/// select() through compile(): the convenience for one-off evaluation.
Result<std::vector<const Json*>> query(std::string_view path, const Json& root);

}  // namespace gw::jsonpath
