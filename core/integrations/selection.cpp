#include "core/integrations/selection.h"

#include "core/integrations/whole_match.h"

namespace gw::integrations {

struct ResponseSelector::Pattern {
  WholeMatch re;
  const model::IntegrationResponse* response = nullptr;
};

ResponseSelector::ResponseSelector(const std::vector<model::IntegrationResponse>& responses) {
  for (const model::IntegrationResponse& r : responses) {
    if (r.selection_pattern.empty() || r.selection_pattern == "default") {
      if (default_ == nullptr) {
        default_ = &r;
      }
      continue;
    }
    Result<WholeMatch> re = WholeMatch::compile(r.selection_pattern, /*dotall=*/true);
    if (!re) {
      errors_.push_back("selectionPattern '" + r.selection_pattern + "': " + re.error().message);
      continue;
    }
    patterns_.push_back(std::make_unique<Pattern>(Pattern{std::move(*re), &r}));
  }
}

ResponseSelector::~ResponseSelector() = default;
ResponseSelector::ResponseSelector(ResponseSelector&&) noexcept = default;
ResponseSelector& ResponseSelector::operator=(ResponseSelector&&) noexcept = default;

const model::IntegrationResponse* ResponseSelector::select(std::string_view status) const {
  if (patterns_.empty()) {
    return default_;
  }
  for (const auto& p : patterns_) {
    if (p->re.matches(status)) {
      return p->response;
    }
  }
  return default_;
}

}  // namespace gw::integrations
