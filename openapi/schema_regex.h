#pragma once

/// The regular expressions of JSON Schema models (`pattern`, `patternProperties`), matched by
/// PCRE2 with counted bounds. A match is unanchored (ECMA 262 `search`, as draft 4 says). No
/// match recurses on the C++ stack, and its cost is counted in PCRE2 match-limit units against
/// a per-request budget: the answer depends on the input alone, never on the clock or the
/// machine, so `gw replay` gives the same verdict.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw::openapi {

/// What one request may spend on pattern matching, in PCRE2 match-limit units (about 20 ns
/// each here). SchemaValidator gives a request kPerRequest plus 4 units per body byte.
struct RegexBudget {
  static constexpr uint64_t kPerRequest = 20'000'000;
  /// One match may use at most this plus 4 units per subject byte: `^(a+)+$` on 28
  /// characters needs far more.
  static constexpr uint64_t kPerMatch = 2'000'000;
  uint64_t remaining = kPerRequest;
};

class SchemaRegex {
 public:
  enum class Outcome { Match, NoMatch, OverLimit };

  /// Compiles an ECMA 262 pattern as PCRE2 (UTF-8); a syntax error is an Error.
  static Result<SchemaRegex> compile(std::string_view pattern);

  /// Searches `subject` (valid UTF-8) for the pattern, charging `budget`. OverLimit when the
  /// match would exceed kPerMatch or what is left of the budget.
  Outcome search(std::string_view subject, RegexBudget& budget) const;

  const std::string& pattern() const;

 private:
  struct Impl;
  explicit SchemaRegex(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace gw::openapi
