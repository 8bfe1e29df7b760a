#pragma once

/// API key + usage plan check (REST): a method with `apiKeyRequired` needs a key that exists,
/// is enabled and belongs to a usage plan of the stage being called (fact 59).
///
/// Emulates: the key comes from the `x-api-key` header (source HEADER) or from the authorizer's
/// `usageIdentifierKey` (source AUTHORIZER, left in `$context.identity.apiKey` by the authorizer
/// step); missing, unknown, disabled or not-in-a-plan-for-this-stage → 403
/// `{"message":"Forbidden"}` with `x-amzn-ErrorType: ForbiddenException`. Fills
/// `$context.identity.apiKey` and `$context.identity.apiKeyId` for the later steps (throttling,
/// quotas, access logs).
/// Reads: security schemes of type apiKey (Operation.api_key_required),
/// x-amazon-apigateway-api-key-source, x-gw.apiKeys, x-gw.usagePlans.
/// Produces: INVALID_API_KEY.
/// Differences: HTTP and WebSocket APIs have no API keys here (HTTP APIs have none on AWS
/// either); the key id is the x-gw apiKeys name, not a generated id; key changes take effect
/// at once (AWS takes minutes to propagate).

#include "core/limits/plans.h"
#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

class ApiKeyStep final : public Step {
 public:
  explicit ApiKeyStep(const model::Api& api);
  std::string_view name() const override { return "api-key"; }
  Flow on_request(Exchange& ex) const override;

 private:
  bool rest_;
  bool from_authorizer_;
  limits::PlanIndex plans_;
};

}  // namespace gw::pipeline
