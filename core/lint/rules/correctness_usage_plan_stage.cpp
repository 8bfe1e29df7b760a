// correctness-usage-plan-stage: a usage plan names a stage the API does not declare

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-usage-plan-stage", "correctness", Severity::Error,
    "a usage plan names a stage the API does not declare",
    R"doc(A usage plan applies to API stages by name. A stage that does not exist (a typo, or a
stage renamed later) means the plan's throttling and quota never apply, and keys in it are
rejected with 403 on the real stage.

Bad:
  x-gw: {stages: {prod: {}}, usagePlans: {free: {stages: [production]}}}
Good:
  x-gw: {stages: {prod: {}}, usagePlans: {free: {stages: [prod]}}})doc"};

class UsagePlanStage final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& [name, plan] : api.gw.usage_plans) {
      for (const std::string& stage : plan.stages) {
        bool known = false;
        std::vector<std::string_view> names;
        for (const auto& st : api.gw.stages) {
          known = known || st.name == stage;
          names.push_back(st.name);
        }
        if (!known) {
          std::string hint = did_you_mean(stage, names);
          out.report(plan.where, "usage plan '" + name + "' names unknown stage '" + stage + "'" +
                                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_usage_plan_stage() {
  return std::make_unique<UsagePlanStage>();
}

}  // namespace gw::lint::rules
