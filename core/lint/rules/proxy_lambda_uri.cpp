// proxy-lambda-uri: a REST Lambda integration uri that is not an invocation ARN.

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{"proxy-lambda-uri", "proxy", Severity::Error,
                         "a REST Lambda integration uri is not an invocation ARN",
                         R"doc(REST APIs call Lambda through the apigateway service ARN
arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations. A bare
function ARN (accepted by HTTP APIs) is rejected on import or deploy of a REST API.

Bad:
  uri: arn:aws:lambda:us-east-1:123456789012:function:hello
Good:
  uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations)doc"};

class LambdaUri final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    if (in.api->type != model::ApiType::Rest) {
      return;
    }
    for (const auto& op : in.api->operations) {
      if (!op.integration || (op.integration->type != model::IntegrationType::AwsProxy &&
                              op.integration->type != model::IntegrationType::Aws)) {
        continue;
      }
      const std::string& uri = op.integration->uri;
      std::string why;
      if (uri.starts_with("arn:aws:lambda:")) {
        why = "is a function ARN, not an invocation ARN";
      } else if (uri.find(":lambda:path/") != std::string::npos && !uri.ends_with("/invocations")) {
        why = "does not end with /invocations";
      }
      if (!why.empty()) {
        out.report(op, loc_of(integration_node(in, op), "uri", op.integration->where),
                   "the Lambda uri " + why +
                       " (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/"
                       "invocations)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_proxy_lambda_uri() { return std::make_unique<LambdaUri>(); }

}  // namespace gw::lint::rules
