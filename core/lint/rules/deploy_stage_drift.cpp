// deploy-stage-drift: a deployed stage serves an older API than the spec (AWS fact 68).

#include "core/deploy/state.h"
#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "deploy-stage-drift", "deploy", Severity::Warning,
    "a stage's deployment differs from the spec (the deploy gap), route by route",
    R"doc(A REST stage runs the snapshot made by its last deployment, not the spec you are editing
(AWS fact 68): edits to resources, methods and integrations are invisible to callers until
the API is deployed again. gw keeps deployments in the state directory (.gw/ beside the spec,
written by `gw deploy`); this rule compares each deployed stage with the spec and lists the
routes that differ.

Bad:
  gw deploy api.yaml --stage prod     # then edit GET /pets in api.yaml and commit
Good:
  gw deploy api.yaml --stage prod     # after the edit: the stage serves what the spec says)doc"};

class DeployStageDrift final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    if (in.stages == nullptr) {
      return;
    }
    for (const deploy::StageStatus& s : *in.stages) {
      if (s.drift.empty()) {
        continue;
      }
      std::string list;
      for (size_t i = 0; i < s.drift.size() && i < 5; ++i) {
        list += (i ? ", " : "") + s.drift[i].route + " " + s.drift[i].change;
      }
      if (s.drift.size() > 5) {
        list += " (+" + std::to_string(s.drift.size() - 5) + " more)";
      }
      out.report(stage_loc(in, s.stage), "stage '" + s.stage + "' serves deployment " +
                                             s.deployment_id + ", which differs from the spec in " +
                                             std::to_string(s.drift.size()) + " place(s): " + list +
                                             "; run gw deploy --stage " + s.stage);
    }
  }

 private:
  static SourceLoc stage_loc(const Input& in, const std::string& stage) {
    if (in.api != nullptr) {
      for (const auto& st : in.api->gw.stages) {
        if (st.name == stage && st.where.known()) {
          return st.where;
        }
      }
    }
    return SourceLoc{in.file, 1, 1};
  }
};

}  // namespace

std::unique_ptr<Rule> make_deploy_stage_drift() { return std::make_unique<DeployStageDrift>(); }

}  // namespace gw::lint::rules
