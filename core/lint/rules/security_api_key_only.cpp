// security-api-key-only: an API key is a method's only protection

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-api-key-only", "security", Severity::Warning,
    "an API key is a method's only protection",
    R"doc(API keys identify callers for usage plans; they are not an authentication mechanism
(they travel in clear, are shared and rarely rotated). A method protected only by an API key
should also have an authorizer, IAM or a JWT.

Bad:
  security: [{api_key: []}]
Good:
  security: [{api_key: [], cognito: []}])doc"};

class ApiKeyOnly final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& op : api.operations) {
      if (op.api_key_required && !has_authorization(api, op)) {
        out.report(
            op, op.where,
            op.method + " " + op.path + " is protected only by an API key (not an authentication)");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_api_key_only() { return std::make_unique<ApiKeyOnly>(); }

}  // namespace gw::lint::rules
