#pragma once

/// Throttling and quotas: token buckets at the usage-plan key level (with the plan's per-method
/// throttles), the stage's method level and the account level, then the plan's quota.
///
/// Emulates: fact 61's order — usage plan per client (per method inside the plan when set) →
/// stage per method (`methodSettings["/path/GET"]`, then `"*/*"`, then the stage's
/// `throttling`, each method with its own bucket) → account (10 000 req/s, burst 5 000 by
/// default); an empty bucket → 429 `{"message":"Too Many Requests"}` (THROTTLED); a plan's
/// quota (DAY / WEEK / MONTH, fact 60) exhausted → 429 `{"message":"Limit Exceeded"}`
/// (QUOTA_EXCEEDED, fact 48). HTTP APIs: stage and route throttling only (route settings keyed
/// by route key, "GET /pets"). Quota counters live in the injected store (durable in the state
/// directory under `gw serve`, in memory under replay and invoke).
/// Reads: x-gw.stages[].throttling / methodSettings, x-gw.usagePlans (throttle,
/// methodThrottles, quota), the key found by the API key step.
/// Produces: THROTTLED, QUOTA_EXCEEDED.
/// Differences: buckets are exact, where AWS is best effort; a usage plan's throttle is shared
/// by every stage of the plan; counters are written at most once a second (and on shutdown),
/// so a crash (not a restart) may lose the last second of usage.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/limits/plans.h"
#include "core/limits/state_store.h"
#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

/// Account-level throttle (AWS's default per-Region account limits).
inline constexpr limits::BucketLimits kDefaultAccountLimits{10000, 5000};

class ThrottleStep final : public Step {
 public:
  /// store: the buckets and quota counters (GatewayDeps::store), which outlive this step.
  ThrottleStep(const model::Api& api, limits::StateStore& store,
               limits::BucketLimits account = kDefaultAccountLimits);
  std::string_view name() const override { return "throttle"; }
  Flow on_request(Exchange& ex) const override;
  /// The store (buckets and quota counters), for `gw usage` and tests.
  limits::StateStore& store() const { return *store_; }

 private:
  struct MethodLimits {
    std::string bucket;  ///< "m|stage|GET /pets"
    limits::BucketLimits limits;
  };
  Flow plan_level(Exchange& ex, const model::Operation& op) const;
  bool take(Exchange& ex, const std::string& bucket, limits::BucketLimits l, std::string_view level,
            std::string_view name) const;

  bool rest_;
  const model::Operation* first_op_;
  limits::BucketLimits account_;
  limits::PlanIndex plans_;
  /// stage name -> per operation index, the method-level limits (nullopt: none configured).
  std::map<std::string, std::vector<std::optional<MethodLimits>>, std::less<>> methods_;
  limits::StateStore* store_;
};

}  // namespace gw::pipeline
