// security-no-authorization: methods without any authorization (summarised)

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-no-authorization", "security", Severity::Info,
    "a method without any authorization (each says how many are open)",
    R"doc(Methods with no authorizer, no IAM, no JWT and no API key are callable by anyone who
knows the URL. That is right for public endpoints and a mistake everywhere else; this rule
reports each one (with the count of open methods) so the choice is visible in review
and can be silenced per route with x-gw-lint-ignore. OPTIONS preflights are left out.

Bad:
  /admin/users: {delete: {x-amazon-apigateway-integration: ...}}     # no security
Good:
  /admin/users: {delete: {security: [{cognito: []}], x-amazon-apigateway-integration: ...}})doc"};

bool is_open(const model::Api& api, const model::Operation& op) {
  return op.method != "OPTIONS" && !op.api_key_required && !has_authorization(api, op);
}

class NoAuthorization final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    size_t open = 0;
    for (const auto& op : api.operations) {
      open += is_open(api, op) ? 1 : 0;
    }
    for (const auto& op : api.operations) {
      if (is_open(api, op)) {
        out.report(op, op.where,
                   op.method + " " + op.path + " has no authorization (" + std::to_string(open) +
                       " of " + std::to_string(api.operations.size()) + " methods are open)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_no_authorization() {
  return std::make_unique<NoAuthorization>();
}

}  // namespace gw::lint::rules
