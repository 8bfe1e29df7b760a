// cors-lambda-proxy: a REST Lambda proxy method behind CORS must add the headers itself.

#include <set>

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-lambda-proxy", "cors", Severity::Info,
    "a REST Lambda proxy method behind CORS: the function must return Access-Control-Allow-Origin",
    R"doc(With a proxy integration (AWS_PROXY) API Gateway passes the function's response through
untouched: the OPTIONS mock answers the preflight, but the actual response carries CORS
headers only if the function returns them. A function that forgets
Access-Control-Allow-Origin breaks browsers while every test with curl passes.

Bad:
  def handler(event, context):
      return {"statusCode": 200, "body": "{}"}
Good:
  def handler(event, context):
      return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "https://app.example.com"},
              "body": "{}"})doc"};

class CorsLambdaProxy final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Rest) {
      return;
    }
    std::set<std::string> preflighted;
    for (const auto& op : api.operations) {
      if (op.method == "OPTIONS" && op.integration &&
          op.integration->type == model::IntegrationType::Mock) {
        preflighted.insert(op.path);
      }
    }
    for (const auto& op : api.operations) {
      if (op.method != "OPTIONS" && preflighted.contains(op.path) && op.integration &&
          op.integration->type == model::IntegrationType::AwsProxy) {
        out.report(op, op.integration->where,
                   op.method + " " + op.path +
                       " is a Lambda proxy behind CORS: the function itself must return "
                       "Access-Control-Allow-Origin");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_lambda_proxy() { return std::make_unique<CorsLambdaProxy>(); }

}  // namespace gw::lint::rules
