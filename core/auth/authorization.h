#pragma once

/// Which authorization a method uses, as API Gateway's importer decides it: AWS_IAM from
/// `x-amazon-apigateway-auth` or a security scheme with `x-amazon-apigateway-authtype: awsSigv4`,
/// otherwise the first security requirement naming an `x-amazon-apigateway-authorizer`
/// (token / request → Lambda, cognito_user_pools → Cognito, jwt → JWT) with its scopes
/// (authorizationScopes).

#include <string>
#include <vector>

#include "core/model/api.h"

namespace gw::auth {

enum class AuthKind { None, Lambda, Cognito, Jwt, Iam };

struct MethodAuth {
  AuthKind kind = AuthKind::None;
  const model::Authorizer* authorizer =
      nullptr;  ///< nullptr for None and for x-amazon-apigateway-auth IAM
  std::vector<std::string> scopes;
};

MethodAuth method_auth(const model::Api& api, const model::Operation& op);

}  // namespace gw::auth
