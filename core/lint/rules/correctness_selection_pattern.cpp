// correctness-selection-pattern: an integration response selectionPattern is not a valid regular
// expression
#include "core/base/strings.h"
#include "core/integrations/selection.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-selection-pattern", "correctness", Severity::Error,
    "an integration response selectionPattern is not a valid regular expression",
    R"doc(selectionPattern is a Java regular expression matched against the whole status code
(or Lambda error message). An invalid one makes the deployment fail; gw compiles each
pattern as the gateway does and reports the compiler's message.

Bad:
  responses: {"4\\d{2": {statusCode: "400"}}
Good:
  responses: {"4\\d{2}": {statusCode: "400"}})doc"};

class SelectionPattern final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& op : api.operations) {
      if (!op.integration) {
        continue;
      }
      for (const auto& r : op.integration->responses) {
        if (r.selection_pattern.empty() || r.selection_pattern == "default") {
          continue;
        }
        integrations::ResponseSelector selector({r});
        for (const std::string& e : selector.errors()) {
          out.report(op, r.where, "invalid selectionPattern '" + r.selection_pattern + "': " + e);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_selection_pattern() {
  return std::make_unique<SelectionPattern>();
}

}  // namespace gw::lint::rules
