#pragma once

/// A gateway-response template: `$context.x`, `${context.x}` and `$stageVariables.x` references
/// substituted textually, as API Gateway does there (no VTL in gateway responses; fact 43).
/// Compiled once.

#include <string>
#include <string_view>
#include <vector>

namespace gw::pipeline {

class Exchange;

class TextTemplate {
 public:
  TextTemplate() = default;
  explicit TextTemplate(std::string_view text);

  /// Renders with values from ex; `$context.error.messageString` is JSON-quoted; unknown
  /// references render as nothing (as API Gateway does for undefined `$context` values).
  std::string render(const Exchange& ex) const;
  bool empty() const { return segments_.empty(); }

 private:
  struct Segment {
    bool is_ref = false;
    std::string text;  ///< literal text, or the reference without '$' ("context.requestId")
  };
  std::vector<Segment> segments_;
};

}  // namespace gw::pipeline
