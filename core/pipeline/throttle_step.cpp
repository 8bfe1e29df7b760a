#include "core/pipeline/throttle_step.h"

#include <string_view>

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

constexpr auto kFlushInterval = std::chrono::seconds(1);
const std::string kAccountBucket = "a";

// The throttle configured for op in a stage: its own setting, "*/*", then the stage default.
std::optional<model::Throttle> stage_throttle(const model::StageConfig& stage,
                                              const model::Operation& op, bool rest) {
  const model::MethodSetting* m = limits::find_method_setting(
      stage, op, rest, [](const model::MethodSetting& s) { return s.throttling.has_value(); });
  return m != nullptr ? m->throttling : stage.throttling;
}

std::string fmt(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

}  // namespace

ThrottleStep::ThrottleStep(const model::Api& api, limits::StateStore& store,
                           limits::BucketLimits account)
    : rest_(api.type == model::ApiType::Rest),
      first_op_(api.operations.data()),
      account_(account),
      plans_(api),
      store_(&store) {
  for (const model::StageConfig& stage : api.gw.stages) {
    auto& per_op = methods_[stage.name];
    per_op.resize(api.operations.size());
    for (size_t i = 0; i < api.operations.size(); ++i) {
      const model::Operation& op = api.operations[i];
      if (std::optional<model::Throttle> t = stage_throttle(stage, op, rest_)) {
        per_op[i] =
            MethodLimits{"m|" + stage.name + "|" + op.route_key, limits::to_limits(*t, account_)};
      }
    }
  }
}

bool ThrottleStep::take(Exchange& ex, const std::string& bucket, limits::BucketLimits l,
                        std::string_view level, std::string_view name) const {
  bool ok = store_->take_token(bucket, l, ex.shared.clock->monotonic());
  if (!ok) {
    ex.reason = "throttled by " + std::string(level) + std::string(name) +
                (name.empty() ? "" : "'") + " (rate " + fmt(l.rate) + "/s, burst " +
                std::to_string(l.burst) + ")";
  }
  if (ex.tracing()) {  // formatting the numbers costs more than taking the token
    ex.trace("throttle: ", level, name, name.empty() ? "" : "'", " rate=", fmt(l.rate),
             " burst=", std::to_string(l.burst), ok ? " -> allowed" : " -> throttled");
  }
  return ok;
}

Flow ThrottleStep::plan_level(Exchange& ex, const model::Operation& op) const {
  const model::ApiKey* key = plans_.key_by_id(ex.context.identity.api_key_id);
  const model::UsagePlan* plan = key ? plans_.plan_for(*key, ex.stage_name) : nullptr;
  if (plan == nullptr) {
    return Flow::Continue;
  }
  std::string bucket = "k|" + plan->name + "|" + key->name;
  std::optional<model::Throttle> t = plan->throttle;
  std::string method_key = op.path + "/" + op.method;
  for (const auto& [k, mt] : plan->method_throttles) {
    if (limits::normalise_method_key(k) == method_key) {
      t = mt;
      bucket += "|" + method_key;
    }
  }
  if (t && !take(ex, bucket, limits::to_limits(*t, account_), "usage plan '", plan->name)) {
    return ex.respond(GatewayResponseType::Throttled);
  }
  if (std::optional<limits::QuotaRule> rule = limits::quota_rule(*plan)) {
    limits::QuotaDecision d =
        store_->consume_quota(plan->name, key->name, *rule, ex.shared.clock->now());
    if (auto why = store_->flush_if_due(ex.shared.clock->monotonic(), kFlushInterval)) {
      ex.warn("quota: ", *why);
    }
    if (ex.tracing()) {
      ex.trace("quota: plan '", plan->name, "' key '", key->name, "' used=",
               std::to_string(d.used), " remaining=", std::to_string(d.remaining),
               d.allowed ? " -> allowed" : " -> exceeded");
    }
    if (!d.allowed) {
      ex.reason = "quota of usage plan '" + plan->name + "' used up by key '" + key->name + "'";
      return ex.respond(GatewayResponseType::QuotaExceeded);
    }
  }
  return Flow::Continue;
}

Flow ThrottleStep::on_request(Exchange& ex) const {
  if (!ex.route) {
    return Flow::Continue;
  }
  const model::Operation& op = *ex.route->op;
  if (rest_ && op.api_key_required && !ex.context.identity.api_key_id.empty()) {
    if (plan_level(ex, op) == Flow::Respond) {
      return Flow::Respond;
    }
  }
  auto stage = methods_.find(ex.stage_name);
  size_t index = static_cast<size_t>(&op - first_op_);
  if (stage != methods_.end() && index < stage->second.size() && stage->second[index]) {
    const MethodLimits& m = *stage->second[index];
    if (!take(ex, m.bucket, m.limits, "method of stage '", ex.stage_name)) {
      return ex.respond(GatewayResponseType::Throttled);
    }
  }
  if (!take(ex, kAccountBucket, account_, "account", "")) {
    return ex.respond(GatewayResponseType::Throttled);
  }
  return Flow::Continue;
}

}  // namespace gw::pipeline
