// deploy-canary-unused-override: a canary overrides a stage variable nothing reads.

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "deploy-canary-unused-override", "deploy", Severity::Warning,
    "a canary's stageVariableOverrides names a variable the stage lacks and the API never reads",
    R"doc(A canary's stageVariableOverrides replace stage variables for the canary's requests, or
add new ones (AWS fact 69). An override whose name the stage does not define and no
integration URI, parameter, template or authorizer of the API reads changes nothing: usually a
misspelt name, so the canary runs with the stage's value where the new one was meant.

Bad:
  uri: https://${stageVariables.backend}/pets
  x-gw: {stages: {prod: {variables: {backend: v1.example.com},
                         canary: {..., stageVariableOverrides: {backnd: v2.example.com}}}}}
Good:
  canary: {..., stageVariableOverrides: {backend: v2.example.com}})doc"};

class CanaryUnusedOverride final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const std::set<std::string> read = stage_variables_referenced(*in.api);
    for (const auto& st : in.api->gw.stages) {
      if (!st.canary) {
        continue;
      }
      for (const auto& [name, value] : st.canary->stage_variable_overrides) {
        if (st.variables.contains(name) || read.contains(name)) {
          continue;
        }
        out.report(st.canary->where, "the canary of stage '" + st.name + "' overrides '" +
                                         name +
                                         "', which the stage does not define and the API "
                                         "never reads");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_deploy_canary_unused_override() {
  return std::make_unique<CanaryUnusedOverride>();
}

}  // namespace gw::lint::rules
