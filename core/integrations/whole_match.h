#pragma once

/// A Java regular expression that must match a whole string, as API Gateway applies
/// `selectionPattern` and `identityValidationExpression`: compiled once with PCRE2, matched
/// from any thread.

#include <memory>
#include <string_view>

#include "core/base/result.h"

namespace gw::integrations {

class WholeMatch {
 public:
  /// BadInput with PCRE2's message when pattern does not compile. dotall: '.' matches '\n'.
  static Result<WholeMatch> compile(std::string_view pattern, bool dotall);
  bool matches(std::string_view s) const;

 private:
  struct Code;
  explicit WholeMatch(std::shared_ptr<const Code> code) : code_(std::move(code)) {}
  std::shared_ptr<const Code> code_;
};

}  // namespace gw::integrations
