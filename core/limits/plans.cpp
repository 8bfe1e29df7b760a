#include "core/limits/plans.h"

#include <algorithm>
#include <filesystem>

namespace gw::limits {

PlanIndex::PlanIndex(const model::Api& api) : api_(api) {
  for (const auto& [name, key] : api.gw.api_keys) {
    if (!key.value.empty()) {
      by_value_.emplace(key.value, &key);
    }
  }
}

const model::ApiKey* PlanIndex::key_by_value(std::string_view value) const {
  auto it = by_value_.find(value);
  return it == by_value_.end() ? nullptr : it->second;
}

const model::ApiKey* PlanIndex::key_by_id(std::string_view id) const {
  auto it = api_.gw.api_keys.find(std::string(id));
  return it == api_.gw.api_keys.end() ? nullptr : &it->second;
}

const model::UsagePlan* PlanIndex::plan_for(const model::ApiKey& key,
                                            std::string_view stage) const {
  for (const std::string& name : key.usage_plans) {
    auto it = api_.gw.usage_plans.find(name);
    if (it == api_.gw.usage_plans.end()) {
      continue;
    }
    const std::vector<std::string>& stages = it->second.stages;
    if (stages.empty() || std::find(stages.begin(), stages.end(), stage) != stages.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

BucketLimits to_limits(const model::Throttle& t, BucketLimits fallback) {
  BucketLimits l = fallback;
  if (t.rate_limit) {
    l.rate = *t.rate_limit;
  }
  if (t.burst_limit) {
    l.burst = *t.burst_limit;
  }
  return l;
}

std::optional<QuotaRule> quota_rule(const model::UsagePlan& plan) {
  if (!plan.quota) {
    return std::nullopt;
  }
  std::optional<QuotaPeriod> period = parse_quota_period(plan.quota->period);
  if (!period) {
    return std::nullopt;
  }
  return QuotaRule{plan.quota->limit, plan.quota->offset, *period};
}

std::string normalise_method_key(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key.substr(i, 2) == "~1") {
      out.push_back('/');
      ++i;
    } else {
      out.push_back(key[i]);
    }
  }
  return out;
}

std::string usage_file(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "usage.json").string();
}

Result<std::shared_ptr<StateStore>> open_store(const std::string& state_dir, bool counts_quotas) {
  if (state_dir.empty()) {
    return std::make_shared<MemoryStateStore>();
  }
  auto store = std::make_shared<MemoryStateStore>(usage_file(state_dir));
  if (counts_quotas) {
    // A read-only or full state directory would lose every counted request: say so now.
    if (Result<bool> written = store->flush(); !written) {
      return fail(ErrorKind::Environment,
                  "cannot keep quota counters in " + state_dir + ": " + written.error().message,
                  {}, "make it writable, or serve with --state-dir DIR");
    }
  }
  return std::shared_ptr<StateStore>(std::move(store));
}

}  // namespace gw::limits
