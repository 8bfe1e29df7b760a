// correctness-burst-below-rate: a throttle whose burst limit is below its rate limit

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-burst-below-rate", "correctness", Severity::Warning,
    "a throttle whose burst limit is below its rate limit",
    R"doc(The token bucket holds burstLimit tokens and refills at rateLimit per second (AWS fact
61): with a burst below the rate, the bucket can never deliver the rate and a client that
sends its allowed requests in the same instant is throttled with 429.

Bad:
  throttling: {rateLimit: 100, burstLimit: 10}
Good:
  throttling: {rateLimit: 100, burstLimit: 200})doc"};

class BurstBelowRate final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    auto check_one = [&out](const std::optional<model::Throttle>& t, const SourceLoc& where,
                            const std::string& what) {
      if (t && t->rate_limit && t->burst_limit && *t->burst_limit < *t->rate_limit) {
        out.report(where, what + " has burstLimit " + std::to_string(*t->burst_limit) +
                              " below rateLimit " +
                              std::to_string(static_cast<long long>(*t->rate_limit)));
      }
    };
    for (const auto& st : api.gw.stages) {
      check_one(st.throttling, st.where, "stage '" + st.name + "'");
      for (const auto& [key, ms] : st.method_settings) {
        check_one(ms.throttling, st.where, "stage '" + st.name + "' method " + key);
      }
    }
    for (const auto& [name, plan] : api.gw.usage_plans) {
      check_one(plan.throttle, plan.where, "usage plan '" + name + "'");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_burst_below_rate() {
  return std::make_unique<BurstBelowRate>();
}

}  // namespace gw::lint::rules
