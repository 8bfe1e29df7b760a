#pragma once

/// Integration response selection for non-proxy integrations (mock, http): each
/// `selectionPattern` is a Java regular expression (run with PCRE2, whole-string match,
/// compiled once) tested against the integration's status code string in document order; no
/// match falls back to the default response (selectionPattern "default" or empty); none at
/// all → nullptr, which the pipeline answers with API_CONFIGURATION_ERROR (fact 30).
/// Fact 28: a backend 400 with only a default response is answered with the default's status.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/api.h"

namespace gw::integrations {

class ResponseSelector {
 public:
  explicit ResponseSelector(const std::vector<model::IntegrationResponse>& responses);
  ~ResponseSelector();
  ResponseSelector(ResponseSelector&&) noexcept;
  ResponseSelector& operator=(ResponseSelector&&) noexcept;

  /// The response for the integration status text ("200"), or nullptr.
  const model::IntegrationResponse* select(std::string_view status) const;
  /// The default response (selectionPattern "default" or empty), or nullptr.
  const model::IntegrationResponse* default_response() const { return default_; }
  /// Patterns that failed to compile, with PCRE2's message (for the log).
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  struct Pattern;
  std::vector<std::unique_ptr<Pattern>> patterns_;
  const model::IntegrationResponse* default_ = nullptr;
  std::vector<std::string> errors_;
};

}  // namespace gw::integrations
