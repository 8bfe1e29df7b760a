// type-http-api-keys: API keys or usage plans in an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-api-keys", "type", Severity::Error, "API keys or usage plans in an HTTP API",
    R"doc(HTTP APIs have no API keys and no usage plans: an apiKey security scheme on x-api-key is
not enforced, so the route is open to anyone. Use an authorizer, or a REST API.

Bad:
  security: [{api_key: []}]      # HTTP API, api_key: {type: apiKey, name: x-api-key, in: header}
Good:
  security: [{jwt: []}]          # a JWT authorizer)doc"};

class HttpApiKeys final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& op : api.operations) {
      if (op.api_key_required) {
        out.report(
            op, op.where,
            op.method + " " + op.path + " requires an API key, which HTTP APIs do not enforce");
      }
    }
    for (const auto& [name, plan] : api.gw.usage_plans) {
      out.report(plan.where, "usage plan '" + name + "' in an HTTP API: HTTP APIs have none");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_api_keys() { return std::make_unique<HttpApiKeys>(); }

}  // namespace gw::lint::rules
