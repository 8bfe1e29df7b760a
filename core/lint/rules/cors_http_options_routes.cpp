// cors-http-options-routes: an HTTP API with a CORS configuration and its own OPTIONS routes.

#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-http-options-routes", "cors", Severity::Warning,
    "an HTTP API has both x-amazon-apigateway-cors and its own OPTIONS routes",
    R"doc(When an HTTP API has a CORS configuration, API Gateway answers preflights itself and
discards CORS headers from integrations (AWS fact 66): OPTIONS routes you define are never
reached for preflights, so their logic is dead and misleading. Keep one mechanism.

Bad:
  x-amazon-apigateway-cors: {allowOrigins: ["https://app.example.com"]}
  paths: {/pets: {options: {x-amazon-apigateway-integration: ...}}}
Good:
  x-amazon-apigateway-cors: {allowOrigins: ["https://app.example.com"]}
  paths: {/pets: {get: ...}})doc"};

class HttpOptionsRoutes final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http || !api.cors) {
      return;
    }
    for (const auto& op : api.operations) {
      if (op.method == "OPTIONS") {
        out.report(op, op.where,
                   "OPTIONS " + op.path +
                       " is never reached for preflights: the API's CORS "
                       "configuration answers them (fact 66)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_http_options_routes() {
  return std::make_unique<HttpOptionsRoutes>();
}

}  // namespace gw::lint::rules
