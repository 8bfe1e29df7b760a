// security-authorizer-cache-ttl: an authorizer result cache TTL above 3600 s

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-authorizer-cache-ttl", "security", Severity::Error,
    "an authorizer result cache TTL above 3600 s",
    R"doc(authorizerResultTtlInSeconds goes from 0 (no caching) to 3600 (AWS fact 53); a larger
value is rejected. Long TTLs also keep a revoked token working and re-apply a cached policy
to other methods for the whole TTL.

Bad:
  x-amazon-apigateway-authorizer: {type: token, authorizerResultTtlInSeconds: 86400, ...}
Good:
  x-amazon-apigateway-authorizer: {type: token, authorizerResultTtlInSeconds: 300, ...})doc"};

class AuthorizerCacheTtl final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& [name, a] : api.authorizers) {
      if (a.result_ttl_seconds > 3600 || a.result_ttl_seconds < 0) {
        out.report(a.where, "authorizer '" + name + "' caches results for " +
                                std::to_string(a.result_ttl_seconds) +
                                " s: the range is 0-3600 (fact 53)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_authorizer_cache_ttl() {
  return std::make_unique<AuthorizerCacheTtl>();
}

}  // namespace gw::lint::rules
