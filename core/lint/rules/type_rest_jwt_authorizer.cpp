// type-rest-jwt-authorizer: a JWT authorizer in a REST API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-rest-jwt-authorizer", "type", Severity::Error, "a JWT authorizer in a REST API",
    R"doc(JWT authorizers (x-amazon-apigateway-authorizer type jwt) belong to HTTP APIs. A REST
API rejects them; use a Cognito user pool authorizer or a Lambda authorizer.

Bad:
  x-amazon-apigateway-authorizer: {type: jwt, jwtConfiguration: {issuer: ...}}   # REST API
Good:
  x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: [...]})doc"};

class RestJwtAuthorizer final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Rest) {
      return;
    }
    for (const auto& [name, a] : api.authorizers) {
      if (a.type == "jwt") {
        out.report(a.where, "authorizer '" + name +
                                "' is a JWT authorizer, which REST APIs "
                                "do not support");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_rest_jwt_authorizer() {
  return std::make_unique<RestJwtAuthorizer>();
}

}  // namespace gw::lint::rules
