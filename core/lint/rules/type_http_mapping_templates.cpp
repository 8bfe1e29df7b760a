// type-http-mapping-templates: mapping templates in an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-mapping-templates", "type", Severity::Error, "mapping templates in an HTTP API",
    R"doc(HTTP APIs do not run Velocity mapping templates: requestTemplates and response templates
are ignored, and the integration sees the request unchanged. Use parameter mapping or a
REST API.

Bad:
  x-amazon-apigateway-integration: {type: http_proxy, requestTemplates: {application/json: ...}}
Good:
  x-amazon-apigateway-integration: {type: http_proxy, requestParameters: {append:header.x: $request.header.y}})doc"};

class HttpMappingTemplates final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& op : api.operations) {
      if (!op.integration) {
        continue;
      }
      bool templates = !op.integration->request_templates.empty();
      for (const auto& r : op.integration->responses) {
        templates = templates || !r.response_templates.empty();
      }
      if (templates) {
        out.report(op, loc_of(integration_node(in, op), "requestTemplates", op.integration->where),
                   "HTTP APIs do not run mapping templates: they are ignored");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_mapping_templates() {
  return std::make_unique<HttpMappingTemplates>();
}

}  // namespace gw::lint::rules
