// deploy-undefined-stage-variable: ${stageVariables.x} used but not defined on a stage.

#include <set>

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "deploy-undefined-stage-variable", "deploy", Severity::Error,
    "${stageVariables.x} is referenced but some stage does not define x",
    R"doc(A stage variable that a stage does not define expands to an empty string: the
integration URI becomes invalid and calls on that stage fail with 500 "Internal server
error" (AWS fact 70 for the limits). Every stage declared in x-gw.stages (none declared: the rule is silent) must define every
variable the API references (in integration URIs, connection ids, parameters, templates and
authorizer URIs).

Bad:
  uri: http://${stageVariables.backend}/pets
  x-gw: {stages: {prod: {variables: {}}}}
Good:
  uri: http://${stageVariables.backend}/pets
  x-gw: {stages: {prod: {variables: {backend: api.example.com}}}})doc"};

std::set<std::string> referenced(const model::Integration& i) {
  std::set<std::string> names;
  collect_stage_variables(i.uri, names);
  collect_stage_variables(i.connection_id, names);
  collect_stage_variables(i.credentials, names);
  for (const auto& [k, v] : i.request_parameters) {
    collect_stage_variables(v, names);
  }
  for (const auto& [k, v] : i.request_templates) {
    collect_stage_variables(v, names);
  }
  return names;
}

class UndefinedStageVariable final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& op : api.operations) {
      if (!op.integration) {
        continue;
      }
      for (const std::string& name : referenced(*op.integration)) {
        std::string missing = missing_on(api, name);
        if (!missing.empty()) {
          out.report(op, loc_of(integration_node(in, op), "uri", op.integration->where),
                     "stage variable '" + name + "' is not defined on " + missing);
        }
      }
    }
    for (const auto& [scheme, a] : api.authorizers) {
      std::set<std::string> names;
      collect_stage_variables(a.authorizer_uri, names);
      for (const std::string& name : names) {
        std::string missing = missing_on(api, name);
        if (!missing.empty()) {
          out.report(a.where, "stage variable '" + name + "' (authorizer '" + scheme +
                                  "') is not defined on " + missing);
        }
      }
    }
  }

 private:
  static std::string missing_on(const model::Api& api, const std::string& name) {
    if (api.gw.stages.empty()) {
      return "";  // the stages live elsewhere (CloudFormation, the console): nothing to compare
    }
    std::string list;
    for (const auto& st : api.gw.stages) {
      if (!st.variables.contains(name)) {
        list += (list.empty() ? "stage '" : ", '") + st.name + "'";
      }
    }
    return list;
  }
};

}  // namespace

std::unique_ptr<Rule> make_deploy_undefined_stage_variable() {
  return std::make_unique<UndefinedStageVariable>();
}

}  // namespace gw::lint::rules
