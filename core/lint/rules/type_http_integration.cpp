// type-http-integration: a mock or AWS-service (non-proxy) integration in an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-integration", "type", Severity::Error,
    "a mock or AWS-service (non-proxy) integration in an HTTP API",
    R"doc(HTTP APIs support only Lambda proxy, HTTP proxy, AWS service integrations with an
integrationSubtype, and private integrations. MOCK and AWS (non-proxy) integrations are
REST-only and fail on import.

Bad:
  x-amazon-apigateway-integration: {type: mock}            # HTTP API
Good:
  x-amazon-apigateway-integration: {type: aws_proxy, integrationSubtype: SQS-SendMessage, ...})doc"};

class HttpIntegration final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    for (const auto& op : api.operations) {
      if (op.integration && (op.integration->type == model::IntegrationType::Mock ||
                             op.integration->type == model::IntegrationType::Aws)) {
        out.report(op, loc_of(integration_node(in, op), "type", op.integration->where),
                   std::string(model::to_string(op.integration->type)) +
                       " integrations exist only in REST APIs");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_integration() { return std::make_unique<HttpIntegration>(); }

}  // namespace gw::lint::rules
