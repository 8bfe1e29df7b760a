// proxy-templates-ignored: mapping templates on a proxy integration.

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "proxy-templates-ignored", "proxy", Severity::Warning,
    "mapping templates on a proxy integration (the service ignores them)",
    R"doc(AWS_PROXY and HTTP_PROXY integrations pass the request and the response through as they
are: requestTemplates and integration response templates on them are never applied, so the
transformation you wrote silently does not happen.

Bad:
  x-amazon-apigateway-integration:
    type: aws_proxy
    requestTemplates: {application/json: '{"id": "$input.params(''id'')"}'}
Good:
  x-amazon-apigateway-integration:
    type: aws                      # a non-proxy integration applies templates
    requestTemplates: {application/json: '{"id": "$input.params(''id'')"}'})doc"};

class TemplatesIgnored final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    for (const auto& op : in.api->operations) {
      if (!op.integration || !is_proxy(*op.integration)) {
        continue;
      }
      const auto& i = *op.integration;
      bool templates = !i.request_templates.empty();
      for (const auto& r : i.responses) {
        templates = templates || !r.response_templates.empty();
      }
      if (templates) {
        out.report(op, loc_of(integration_node(in, op), "requestTemplates", i.where),
                   "mapping templates on a " + std::string(model::to_string(i.type)) +
                       " integration are ignored by API Gateway");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_proxy_templates_ignored() {
  return std::make_unique<TemplatesIgnored>();
}

}  // namespace gw::lint::rules
