#pragma once

/// Step 5, authorizers: the method's Lambda (TOKEN / REQUEST), Cognito user pool, JWT or IAM
/// (SigV4) authorization, combined with the resource policy.
///
/// Emulates: facts 52-58 (see core/auth/lambda_check.h, jwt_check.h, iam_check.h); the
/// resource-policy tables of "How API Gateway resource policies affect authorization workflow":
/// Lambda and IAM (Table A) — an explicit Deny from either denies, otherwise an Allow from
/// either allows; Cognito — the token must be valid and the policy must explicitly allow.
/// Fills $context.authorizer.* and $context.identity.* (ex.context.authorizer / identity).
/// Reads: security / x-amazon-apigateway-auth of each method, x-amazon-apigateway-authorizer,
/// x-amazon-apigateway-authtype, x-amazon-apigateway-api-key-source, x-gw.identities,
/// x-gw.userPools.
/// Produces: UNAUTHORIZED, ACCESS_DENIED, AUTHORIZER_CONFIGURATION_ERROR,
/// MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE, EXPIRED_TOKEN.

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/auth/authorization.h"
#include "core/auth/resource_policy.h"
#include "core/auth/verdict.h"
#include "core/pipeline/step.h"

namespace gw::auth {
class LambdaCheck;
class JwtCheck;
class IamCheck;
}  // namespace gw::auth

namespace gw::pipeline {

class AuthorizerStep final : public Step {
 public:
  /// state_dir: where gw's development issuer key lives (JWT / Cognito without a JWKS).
  AuthorizerStep(const model::Api& api, std::string_view api_id, const std::string& state_dir);
  ~AuthorizerStep() override;
  std::string_view name() const override { return "authorizer"; }
  Flow on_request(Exchange& ex) const override;

 private:
  /// Runs the method's authorizer and decides (on_request times it for the access log).
  Flow authorize(Exchange& ex, const auth::MethodAuth& m) const;
  Flow decide(Exchange& ex, const auth::MethodAuth& m, const auth::Verdict& v) const;

  auth::ResourcePolicy resource_policy_;
  std::unordered_map<const model::Operation*, auth::MethodAuth> methods_;
  // One check per authorizer, shared by every method using it (and its result cache).
  std::map<const model::Authorizer*, std::unique_ptr<auth::LambdaCheck>> lambdas_;
  std::map<const model::Authorizer*, std::unique_ptr<auth::JwtCheck>> jwts_;
  std::unique_ptr<auth::IamCheck> iam_;
};

}  // namespace gw::pipeline
