// type-http-endpoint: an edge-optimized or private endpoint for an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-endpoint", "type", Severity::Error,
    "an edge-optimized or private endpoint for an HTTP API",
    R"doc(HTTP APIs are regional only: EDGE and PRIVATE endpoint types are REST features and the
import fails.

Bad:
  x-amazon-apigateway-endpoint-configuration: {types: [EDGE]}     # HTTP API
Good:
  x-amazon-apigateway-endpoint-configuration: {types: [REGIONAL]})doc"};

class HttpEndpoint final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& t : api.endpoint_types) {
      const std::string u = to_upper(t);
      if (u == "EDGE" || u == "PRIVATE") {
        out.report(key_loc_of(in.root, "x-amazon-apigateway-endpoint-configuration", api.where),
                   u + " endpoints exist only for REST APIs (HTTP APIs are REGIONAL)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_endpoint() { return std::make_unique<HttpEndpoint>(); }

}  // namespace gw::lint::rules
