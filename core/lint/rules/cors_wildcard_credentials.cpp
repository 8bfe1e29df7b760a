// cors-wildcard-credentials: '*' origins together with credentials.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-wildcard-credentials", "cors", Severity::Error,
    "CORS allows any origin ('*') together with credentials",
    R"doc(Browsers reject a response that says Access-Control-Allow-Origin: * and
Access-Control-Allow-Credentials: true, so credentialed calls never work. HTTP APIs refuse
the configuration on import. Name the origins instead.

Bad:
  x-amazon-apigateway-cors: {allowOrigins: ["*"], allowCredentials: true}
Good:
  x-amazon-apigateway-cors: {allowOrigins: ["https://app.example.com"], allowCredentials: true})doc"};

class WildcardCredentials final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.cors && api.cors->allow_credentials) {
      for (const auto& o : api.cors->allow_origins) {
        if (o == "*") {
          out.report(api.cors->where,
                     "allowOrigins '*' with allowCredentials true: browsers "
                     "reject credentialed responses for any origin");
        }
      }
    }
    for (const auto& op : api.operations) {
      if (op.method != "OPTIONS") {
        continue;
      }
      if (preflight_header(op, "Access-Control-Allow-Origin") == "*" &&
          to_lower(preflight_header(op, "Access-Control-Allow-Credentials")) == "true") {
        out.report(op, op.where,
                   "the preflight of " + op.path +
                       " allows origin '*' with credentials: browsers reject it");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_wildcard_credentials() {
  return std::make_unique<WildcardCredentials>();
}

}  // namespace gw::lint::rules
