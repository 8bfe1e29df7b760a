// type-http-caching: caching configured for an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-caching", "type", Severity::Error, "caching configured for an HTTP API",
    R"doc(HTTP APIs have no stage cache: cacheKeyParameters, cache clusters and caching in method
settings are ignored, so every call reaches the integration.

Bad:
  x-gw: {stages: {prod: {cache: {enabled: true}}}}     # HTTP API
Good:
  cache in the backend, or use a REST API)doc"};

class HttpCaching final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& st : api.gw.stages) {
      bool cached = st.cache_enabled;
      for (const auto& [key, ms] : st.method_settings) {
        cached = cached || ms.caching_enabled.value_or(false);
      }
      if (cached) {
        out.report(st.where, "stage '" + st.name + "' enables caching, which HTTP APIs lack");
      }
    }
    for (const auto& op : api.operations) {
      if (op.integration && !op.integration->cache_key_parameters.empty()) {
        out.report(op, loc_of(integration_node(in, op), "cacheKeyParameters", op.where),
                   "cacheKeyParameters in an HTTP API are ignored (no stage cache)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_caching() { return std::make_unique<HttpCaching>(); }

}  // namespace gw::lint::rules
