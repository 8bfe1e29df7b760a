#pragma once

/// Step 4, resource policy (pre-authorization phase): `x-amazon-apigateway-policy` evaluated for
/// `execute-api:Invoke` on the method ARN, before any authorizer runs.
///
/// Emulates: the authorization-flow tables of the API Gateway developer guide
/// ("How API Gateway resource policies affect authorization workflow"): an explicit Deny denies
/// at once whatever the authorizer; a method without authorization needs an explicit Allow;
/// methods with an authorizer continue, and the authorizer step combines its decision with the
/// policy (Table A). 403 bodies of fact 52 ("User: anonymous is not authorized to perform:
/// execute-api:Invoke on resource: <arn> with an explicit deny").
/// Reads: x-amazon-apigateway-policy (Statement Effect/Action/Resource/Principal, Condition
/// IpAddress/NotIpAddress on aws:SourceIp, String* on aws:UserAgent / aws:Referer).
/// Produces: ACCESS_DENIED.
/// Differences: REST APIs only (HTTP APIs have no resource policies); VPC endpoint conditions
/// never match (no VPC locally); cross-account rules (Table B) are not modelled.

#include <unordered_map>

#include "core/auth/authorization.h"
#include "core/auth/resource_policy.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

class ResourcePolicyStep final : public Step {
 public:
  ResourcePolicyStep(const model::Api& api, std::string_view api_id);
  std::string_view name() const override { return "resource-policy"; }
  Flow on_request(Exchange& ex) const override;

 private:
  auth::ResourcePolicy policy_;
  std::unordered_map<const model::Operation*, auth::AuthKind> kinds_;
};

}  // namespace gw::pipeline
