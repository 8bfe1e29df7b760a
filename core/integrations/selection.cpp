#include "core/integrations/selection.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace gw::integrations {

struct ResponseSelector::Pattern {
  pcre2_code* code = nullptr;
  const model::IntegrationResponse* response = nullptr;
  ~Pattern() { pcre2_code_free(code); }
};

ResponseSelector::ResponseSelector(const std::vector<model::IntegrationResponse>& responses) {
  for (const model::IntegrationResponse& r : responses) {
    if (r.selection_pattern.empty() || r.selection_pattern == "default") {
      if (default_ == nullptr) {
        default_ = &r;
      }
      continue;
    }
    int err = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(
        reinterpret_cast<PCRE2_SPTR>(r.selection_pattern.data()), r.selection_pattern.size(),
        PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DOTALL, &err, &offset, nullptr);
    if (code == nullptr) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(err, msg, sizeof msg);
      errors_.push_back("selectionPattern '" + r.selection_pattern +
                        "': " + reinterpret_cast<const char*>(msg));
      continue;
    }
    auto p = std::make_unique<Pattern>();
    p->code = code;
    p->response = &r;
    patterns_.push_back(std::move(p));
  }
}

ResponseSelector::~ResponseSelector() = default;
ResponseSelector::ResponseSelector(ResponseSelector&&) noexcept = default;
ResponseSelector& ResponseSelector::operator=(ResponseSelector&&) noexcept = default;

const model::IntegrationResponse* ResponseSelector::select(std::string_view status) const {
  if (patterns_.empty()) {
    return default_;
  }
  struct MatchData {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    ~MatchData() { pcre2_match_data_free(data); }
  };
  thread_local MatchData md;
  for (const auto& p : patterns_) {
    int rc = pcre2_match(p->code, reinterpret_cast<PCRE2_SPTR>(status.data()), status.size(), 0, 0,
                         md.data, nullptr);
    if (rc >= 0) {
      return p->response;
    }
  }
  return default_;
}

}  // namespace gw::integrations
