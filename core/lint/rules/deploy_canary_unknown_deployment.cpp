// deploy-canary-unknown-deployment: a canary names a deployment the state directory lacks.

#include <algorithm>

#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "deploy-canary-unknown-deployment", "deploy", Severity::Error,
    "a stage's canary names a deployment that gw deploy never made",
    R"doc(A canary release runs a deployment: a snapshot `gw deploy` wrote to the state directory
(.gw/deployments/<id>.json beside the spec, or --state-dir). A deploymentId with no snapshot
(a typo, an id from another machine, a cleaned state directory) stops gw serve and gw replay
at load; on AWS the stage update is refused. gw stages lists the ids in use.

Bad:
  x-gw: {stages: {prod: {canary: {percentTraffic: 10, deploymentId: dep456}}}}
Good:
  gw deploy api.yaml --stage prod --canary 10     # gw writes the snapshot and the canary)doc"};

class CanaryUnknownDeployment final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    if (in.deployments == nullptr) {
      return;  // the state directory was not read
    }
    for (const auto& st : in.api->gw.stages) {
      if (!st.canary) {
        continue;
      }
      const std::string& id = st.canary->deployment_id;
      if (std::find(in.deployments->begin(), in.deployments->end(), id) !=
          in.deployments->end()) {
        continue;
      }
      std::string known;
      for (size_t i = 0; i < in.deployments->size() && i < 5; ++i) {
        known += (i ? ", " : "") + (*in.deployments)[i];
      }
      if (in.deployments->size() > 5) {
        known += ", ...";
      }
      out.report(st.canary->deployment_where,
                 "the canary of stage '" + st.name + "' names deployment '" + id +
                     "', which is not in the state directory (" +
                     (known.empty() ? std::string("it holds none") : "it holds " + known) + ")");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_deploy_canary_unknown_deployment() {
  return std::make_unique<CanaryUnknownDeployment>();
}

}  // namespace gw::lint::rules
