#include "core/auth/authorization.h"

#include "core/base/http.h"

namespace gw::auth {

namespace {

AuthKind kind_of(const model::Authorizer& a) {
  if (iequals(a.auth_type, "awsSigv4")) {
    return AuthKind::Iam;
  }
  if (a.type == "token" || a.type == "request") {
    return AuthKind::Lambda;
  }
  if (a.type == "cognito_user_pools") {
    return AuthKind::Cognito;
  }
  if (a.type == "jwt") {
    return AuthKind::Jwt;
  }
  return AuthKind::None;
}

}  // namespace

MethodAuth method_auth(const model::Api& api, const model::Operation& op) {
  MethodAuth out;
  if (op.auth_type == "AWS_IAM") {
    out.kind = AuthKind::Iam;
    return out;
  }
  if (op.auth_type == "NONE") {
    return out;
  }
  const auto& sec = op.security ? op.security : api.security;
  if (!sec) {
    return out;
  }
  for (const model::SecurityRequirement& req : *sec) {
    for (const auto& [name, scopes] : req) {
      auto it = api.authorizers.find(name);
      if (it == api.authorizers.end()) {
        continue;
      }
      AuthKind k = kind_of(it->second);
      if (k != AuthKind::None) {
        out.kind = k;
        out.authorizer = &it->second;
        out.scopes = scopes;
        return out;
      }
    }
  }
  return out;
}

}  // namespace gw::auth
