#pragma once

/// Internal to core/jsonpath: the compiled form of a path and the parser producing it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/jsonpath/jsonpath.h"

namespace gw::jsonpath {

enum class SelKind : uint8_t { Name, Index, Wildcard, Slice, Filter };

struct Selector {
  SelKind kind = SelKind::Name;
  std::string name;
  int64_t index = 0;
  std::optional<int64_t> start, end;
  int64_t step = 1;
  std::shared_ptr<Filter> filter;
};

struct Segment {
  bool descendant = false;          ///< `..`
  std::vector<Selector> selectors;  ///< more than one for a union
};

/// A filter expression node: logic, comparison, or an operand (relative path or literal).
struct Filter {
  enum class Kind : uint8_t { Or, And, Not, Cmp, Exists, Literal } kind = Kind::Literal;
  std::string op;
  std::vector<std::shared_ptr<Filter>> kids;
  bool from_root = false;  ///< `$...` rather than `@...`
  Path path;
  Json literal;
};

/// Parses the segments of text from byte start (just after the `$`); stops at the first
/// character that cannot continue the path and reports its position in end.
Result<std::vector<Segment>> parse_segments(std::string_view text, size_t start, bool& definite,
                                            size_t& end);

}  // namespace gw::jsonpath
