#pragma once

/// API keys and usage plans, indexed once per Gateway: which key a value names, and which plan
/// a key is in for a stage (fact 59: a key outside every plan of the stage is rejected).
/// Also where the limits keep their durable state.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits/quota.h"
#include "core/limits/state_store.h"
#include "core/limits/token_bucket.h"
#include "core/model/api.h"

namespace gw::limits {

class PlanIndex {
 public:
  explicit PlanIndex(const model::Api& api);
  /// The key whose value is `value`, or nullptr.
  const model::ApiKey* key_by_value(std::string_view value) const;
  const model::ApiKey* key_by_id(std::string_view id) const;
  /// key's plan for stage, or nullptr. A plan without stages applies to every stage (gw's
  /// shorthand; AWS plans always list their API stages).
  const model::UsagePlan* plan_for(const model::ApiKey& key, std::string_view stage) const;

 private:
  const model::Api& api_;
  std::map<std::string, const model::ApiKey*, std::less<>> by_value_;
};

/// Limits from a Throttle, missing halves taken from `fallback`.
BucketLimits to_limits(const model::Throttle& t, BucketLimits fallback);
/// A plan's quota as a rule, nullopt when it has none or its period is unknown.
std::optional<QuotaRule> quota_rule(const model::UsagePlan& plan);

/// A methodSettings / methodThrottles key with the AWS API's "~1" escapes turned back into
/// slashes ("~1pets~1{id}/GET" -> "/pets/{id}/GET").
std::string normalise_method_key(std::string_view key);
/// The stage's setting for a method: "/path/METHOD" (REST) or the route key (HTTP), then
/// "/path/*", then "*/*"; `has` picks the settings that configure the wanted field.
template <class Has>
const model::MethodSetting* find_method_setting(const model::StageConfig& stage,
                                                const model::Operation& op, bool rest, Has has) {
  const std::string keys[] = {rest ? op.path + "/" + op.method : op.route_key, op.path + "/*",
                              "*/*"};
  for (const std::string& want : keys) {
    for (const auto& [key, setting] : stage.method_settings) {
      if (has(setting) && normalise_method_key(key) == want) {
        return &setting;
      }
    }
  }
  return nullptr;
}

/// The file quota counters persist in.
std::string usage_file(const std::string& state_dir);
/// A new store whose quota counters persist in the state directory's usage file ("" = in
/// memory only). The driver owns it and passes it to every Gateway it builds (GatewayDeps), so
/// a hot reload keeps its buckets and counters. counts_quotas (the API has a usage plan with a
/// quota): the usage file is written once now, so a state directory gw cannot write is an
/// Environment error at start rather than counts silently lost later.
Result<std::shared_ptr<StateStore>> open_store(const std::string& state_dir, bool counts_quotas);

}  // namespace gw::limits
