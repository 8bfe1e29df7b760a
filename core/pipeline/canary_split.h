#pragma once

/// Canary release deployments (AWS fact 69): a REST stage with `canarySettings` sends
/// `percentTraffic` % of its requests, picked at random, to a second deployment, the canary;
/// "total API traffic is separated at random into a production release and a canary release
/// with a pre-configured ratio" (https://docs.aws.amazon.com/apigateway/latest/developerguide/
/// canary-release.html). The canary runs its own deployment's API (routes, integrations,
/// templates) with the stage's variables overlaid by `stageVariableOverrides` (overridden ones
/// take the override, new ones appear, the others keep the stage's value) and a cache of its
/// own unless `useStageCache`.
///
/// The split is made before anything else, per request: the stage the path addresses decides
/// (Gateway::stage_of), a draw of the injected Random picks, and the chosen Gateway runs the
/// request as it is. Each Gateway knows only whether it is a canary ($context.isCanaryRequest,
/// RequestLog::canary), so the pick is in every log, recording and access line; `gw replay`
/// sends a recorded canary request to the canary again.
/// Differences: canaries are served for REST APIs only (HTTP APIs have none on AWS).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/model/api.h"
#include "core/pipeline/gateway.h"

namespace gw::pipeline {

/// A stage's canary as loaded: the canary deployment's API (the x-gw block of the working spec,
/// this stage's variables already overlaid with the overrides, deployment_id set) and its share.
struct CanaryModel {
  std::string stage;
  double percent = 0;  ///< percentTraffic, 0..100
  bool use_stage_cache = false;
  std::shared_ptr<const model::Api> api;
};

/// The canary deployment's API as `stage` serves it: `deployed` (the snapshot's API) with the
/// working spec's x-gw block `gw` (stage settings stay live), the stage's variables overlaid
/// by `overrides` (fact 69), and `deployment_id` as $context.deploymentId.
std::shared_ptr<const model::Api> canary_api(const model::Api& deployed, const model::GwConfig& gw,
                                             const std::string& stage,
                                             const std::map<std::string, std::string>& overrides,
                                             const std::string& deployment_id);

/// One stage's canary, built.
struct StageCanary {
  std::string stage;
  double percent = 0;
  std::shared_ptr<const Gateway> gateway;
};

/// True for `percent` % of draws: one draw of `random`, uniform over [0, 100); 0 and 100 (and
/// beyond) decide without drawing.
bool canary_draw(Random& random, double percent);

class CanarySplit {
 public:
  CanarySplit(std::shared_ptr<const Gateway> primary, std::vector<StageCanary> canaries,
              Random& random);

  /// Builds the stage's own Gateway from `primary` and one Gateway per canary (serving that
  /// stage alone, as a canary; useStageCache shares the stage's cache).
  static std::shared_ptr<const CanarySplit> build(std::shared_ptr<const model::Api> primary,
                                                  const std::vector<CanaryModel>& canaries,
                                                  GatewayDeps deps, GatewayOptions options);

  /// The Gateway that serves `request`: a stage's canary for its percentTraffic of requests.
  const Gateway& pick(const Request& request) const;
  /// pick(request).handle(request, log).
  Response handle(const Request& request, RequestLog* log = nullptr) const;

  const Gateway& primary() const { return *primary_; }
  /// The stage's canary Gateway, or nullptr when the stage has none.
  const Gateway* canary(std::string_view stage) const;
  const std::vector<StageCanary>& canaries() const { return canaries_; }

 private:
  std::shared_ptr<const Gateway> primary_;
  std::vector<StageCanary> canaries_;
  Random* random_;
};

}  // namespace gw::pipeline
