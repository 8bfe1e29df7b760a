// cors-gateway-responses: DEFAULT_4XX/5XX without CORS headers while CORS is on.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-gateway-responses", "cors", Severity::Warning,
    "DEFAULT_4XX/DEFAULT_5XX gateway responses lack CORS headers while the API uses CORS",
    R"doc(Errors API Gateway produces itself (401 from an authorizer, 403 missing token, 429,
504) are gateway responses, not integration responses: without
gatewayresponse.header.Access-Control-Allow-Origin on DEFAULT_4XX and DEFAULT_5XX the browser
reports every such error as a CORS failure and the app never sees the status.

Bad:
  x-amazon-apigateway-gateway-responses: {}          # with OPTIONS preflights on resources
Good:
  x-amazon-apigateway-gateway-responses:
    DEFAULT_4XX:
      responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}
    DEFAULT_5XX:
      responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"})doc"};

bool has_origin(const model::GatewayResponse& g) {
  for (const auto& [k, v] : g.response_parameters) {
    if (to_lower(k) == "gatewayresponse.header.access-control-allow-origin") {
      return true;
    }
  }
  return false;
}

class CorsGatewayResponses final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (!rest_cors_in_use(api)) {
      return;
    }
    for (std::string type : {"DEFAULT_4XX", "DEFAULT_5XX"}) {
      auto it = api.gateway_responses.find(type);
      if (it == api.gateway_responses.end()) {
        out.report(key_loc_of(in.root, "x-amazon-apigateway-gateway-responses", api.where),
                   "CORS is in use but there is no " + type +
                       " gateway response with Access-Control-Allow-Origin: its errors look "
                       "like CORS failures in browsers");
      } else if (!has_origin(it->second)) {
        out.report(it->second.where, type +
                                         " sets no Access-Control-Allow-Origin while CORS is "
                                         "in use: its errors look like CORS failures");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_gateway_responses() {
  return std::make_unique<CorsGatewayResponses>();
}

}  // namespace gw::lint::rules
