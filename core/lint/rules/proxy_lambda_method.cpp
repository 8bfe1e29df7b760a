// proxy-lambda-method: a Lambda integration whose httpMethod is not POST.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "proxy-lambda-method", "proxy", Severity::Error,
    "a Lambda integration's httpMethod is not POST",
    R"doc(Lambda is invoked with POST on its Invoke API, whatever the client's method. An
integration httpMethod of GET (often copied from the operation) makes every call fail with
500 "Internal server error" and an "Execution failed due to configuration error" log line.

Bad:
  get:
    x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: GET, uri: arn:aws:apigateway:...:lambda:path/...}
Good:
    x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: ...})doc"};

class LambdaMethod final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    for (const auto& op : in.api->operations) {
      if (!op.integration || !is_lambda_uri(op.integration->uri)) {
        continue;
      }
      const auto& i = *op.integration;
      if (i.type != model::IntegrationType::AwsProxy && i.type != model::IntegrationType::Aws) {
        continue;
      }
      const std::string m = to_upper(i.http_method);
      if (!m.empty() && m != "POST") {
        out.report(op, loc_of(integration_node(in, op), "httpMethod", i.where),
                   "Lambda integrations are invoked with POST, not " + m);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_proxy_lambda_method() { return std::make_unique<LambdaMethod>(); }

}  // namespace gw::lint::rules
