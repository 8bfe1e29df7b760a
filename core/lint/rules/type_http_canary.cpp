// type-http-canary: a canary release on an HTTP API stage.

#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-canary", "type", Severity::Error,
    "a canary release on an HTTP API stage (canaries are a REST API feature)",
    R"doc(Canary release deployments (canarySettings: percentTraffic, deploymentId,
stageVariableOverrides, useStageCache) belong to REST API stages (AWS fact 69). HTTP API
stages have no canary settings, so the canary never gets a request: gw serve warns and serves
the stage alone, as AWS would.

Bad:
  x-gw: {stages: {$default: {canary: {percentTraffic: 10, deploymentId: 9f2c41d7e0}}}}  # HTTP API
Good:
  a REST API with the canary, or a second stage (or route) for the new version)doc"};

class HttpCanary final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& st : api.gw.stages) {
      if (st.canary) {
        out.report(st.canary->where, "stage '" + st.name +
                                         "' has a canary, which HTTP APIs lack: it gets no "
                                         "requests");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_canary() { return std::make_unique<HttpCanary>(); }

}  // namespace gw::lint::rules
