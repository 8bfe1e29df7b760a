#include "core/pipeline/canary_split.h"

namespace gw::pipeline {

bool canary_draw(Random& random, double percent) {
  if (percent <= 0) {
    return false;
  }
  if (percent >= 100) {
    return true;
  }
  // The top 53 bits as a double in [0, 1): every value equally likely.
  const double u = static_cast<double>(random.next() >> 11) * 0x1.0p-53;
  return u * 100.0 < percent;
}

std::shared_ptr<const model::Api> canary_api(const model::Api& deployed, const model::GwConfig& gw,
                                             const std::string& stage,
                                             const std::map<std::string, std::string>& overrides,
                                             const std::string& deployment_id) {
  auto api = std::make_shared<model::Api>(deployed);
  api->gw = gw;
  api->deployment_id = deployment_id;
  bool declared = false;
  for (model::StageConfig& s : api->gw.stages) {
    if (s.name == stage) {
      declared = true;
      for (const auto& [name, value] : overrides) {
        s.variables[name] = value;  // overridden, or new for the canary alone
      }
    }
  }
  if (!declared) {
    model::StageConfig s;  // a deployed stage x-gw does not declare: the overrides alone
    s.name = stage;
    s.variables = overrides;
    api->gw.stages.push_back(std::move(s));
  }
  return api;
}

CanarySplit::CanarySplit(std::shared_ptr<const Gateway> primary, std::vector<StageCanary> canaries,
                         Random& random)
    : primary_(std::move(primary)), canaries_(std::move(canaries)), random_(&random) {}

std::shared_ptr<const CanarySplit> CanarySplit::build(std::shared_ptr<const model::Api> primary,
                                                      const std::vector<CanaryModel>& canaries,
                                                      GatewayDeps deps, GatewayOptions options) {
  GatewayOptions own = options;
  for (const CanaryModel& c : canaries) {
    own.canary_stages.push_back(c.stage);
  }
  auto stage_gateway = std::make_shared<const Gateway>(std::move(primary), deps, own);
  std::vector<StageCanary> built;
  for (const CanaryModel& c : canaries) {
    GatewayOptions o = options;
    o.only_stage = c.stage;
    o.canary = true;
    o.canary_stages.clear();
    o.stage_cache_of = c.use_stage_cache ? stage_gateway.get() : nullptr;
    built.push_back({c.stage, c.percent, std::make_shared<const Gateway>(c.api, deps, o)});
  }
  return std::make_shared<const CanarySplit>(std::move(stage_gateway), std::move(built),
                                             *deps.random);
}

const Gateway* CanarySplit::canary(std::string_view stage) const {
  for (const StageCanary& c : canaries_) {
    if (c.stage == stage) {
      return c.gateway.get();
    }
  }
  return nullptr;
}

const Gateway& CanarySplit::pick(const Request& request) const {
  if (canaries_.empty()) {
    return *primary_;
  }
  const std::string stage = primary_->stage_of(request.path);
  for (const StageCanary& c : canaries_) {
    if (c.stage == stage) {
      return canary_draw(*random_, c.percent) ? *c.gateway : *primary_;
    }
  }
  return *primary_;
}

Response CanarySplit::handle(const Request& request, RequestLog* log) const {
  return pick(request).handle(request, log);
}

}  // namespace gw::pipeline
