// security-open-resource-policy: a resource policy allows any principal without a condition
#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-open-resource-policy", "security", Severity::Warning,
    "a resource policy allows any principal without a condition",
    R"doc(A resource policy statement with Effect Allow, Principal "*" and no Condition lets
anyone invoke the API, which defeats the point of a policy (private APIs especially should
restrict aws:SourceVpce).

Bad:
  x-amazon-apigateway-policy:
    Statement: [{Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "*"}]
Good:
    Statement: [{Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "*",
                 Condition: {StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}}}])doc"};

class OpenResourcePolicy final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.policy_json.empty()) {
      return;
    }
    nlohmann::json policy = nlohmann::json::parse(api.policy_json, nullptr, false);
    if (policy.is_discarded() || !policy.is_object()) {
      return;
    }
    nlohmann::json statements = policy.value("Statement", nlohmann::json::array());
    if (statements.is_object()) {
      statements = nlohmann::json::array({statements});
    }
    for (const auto& s : statements) {
      if (!s.is_object() || s.value("Effect", "") != "Allow" || s.contains("Condition")) {
        continue;
      }
      const auto p = s.value("Principal", nlohmann::json());
      const bool any =
          (p.is_string() && p == "*") || (p.is_object() && p.contains("AWS") && p["AWS"] == "*");
      if (any) {
        out.report(key_loc_of(in.root, "x-amazon-apigateway-policy", api.where),
                   "the resource policy allows any principal with no condition");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_open_resource_policy() {
  return std::make_unique<OpenResourcePolicy>();
}

}  // namespace gw::lint::rules
