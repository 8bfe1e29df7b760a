// deploy-stage-never-deployed: a REST stage the spec declares has no deployment.

#include "core/deploy/state.h"
#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "deploy-stage-never-deployed", "deploy", Severity::Warning,
    "a REST stage declared in x-gw.stages was never deployed",
    R"doc(A REST API serves nothing on a stage until a deployment exists for it (AWS fact 68): a
stage you configure but never deploy answers 403 to every call. Checked only when the
project uses deployments (the state directory exists).

Bad:
  x-gw: {stages: {prod: {}, beta: {}}}    # only `gw deploy api.yaml --stage prod` was run
Good:
  gw deploy api.yaml --stage beta)doc"};

class DeployStageNeverDeployed final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    if (in.api->type != model::ApiType::Rest || in.stages == nullptr || !in.state_dir_exists) {
      return;
    }
    for (const auto& st : in.api->gw.stages) {
      bool deployed = false;
      for (const auto& s : *in.stages) {
        deployed = deployed || s.stage == st.name;
      }
      if (!deployed) {
        out.report(st.where, "REST stage '" + st.name +
                                 "' has never been deployed; run gw deploy --stage " + st.name);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_deploy_stage_never_deployed() {
  return std::make_unique<DeployStageNeverDeployed>();
}

}  // namespace gw::lint::rules
