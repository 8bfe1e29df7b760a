// correctness-cache-non-get: caching enabled for a method other than GET

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-cache-non-get", "correctness", Severity::Warning,
    "caching enabled for a method other than GET",
    R"doc(Responses to POST, PUT, PATCH and DELETE change state: caching them returns a stale
answer without reaching the backend, so the write silently does not happen. Enable caching
per GET method in methodSettings.

Bad:
  methodSettings: {"/orders/POST": {cachingEnabled: true}}
Good:
  methodSettings: {"/orders/GET": {cachingEnabled: true}})doc"};

class CacheNonGet final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& st : api.gw.stages) {
      for (const auto& [key, ms] : st.method_settings) {
        const size_t slash = key.rfind('/');
        const std::string method =
            to_upper(slash == std::string::npos ? "" : key.substr(slash + 1));
        if (ms.caching_enabled.value_or(false) && !method.empty() && method != "GET" &&
            method != "*" && method != "HEAD" && method != "OPTIONS") {
          out.report(st.where, "stage '" + st.name + "' caches " + key + ": caching a " + method +
                                   " returns stale writes");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_cache_non_get() { return std::make_unique<CacheNonGet>(); }

}  // namespace gw::lint::rules
