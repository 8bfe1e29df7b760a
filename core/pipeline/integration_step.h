#pragma once

/// Step 4b, integration: calls the operation's integration (core/integrations/).
///
/// Emulates: timeouts answer 504 `{"message":"Endpoint request timed out"}` (fact 34; HTTP APIs
/// 503 "Service Unavailable", fact 65); an unreachable backend answers 500
/// `{"message":"Internal server error"}` with InternalServerErrorException — the
/// INTEGRATION_FAILURE type answered with 500, as AWS does for a failed integration call (the
/// same anomaly as fact 21; fact 23); configuration mistakes answer API_CONFIGURATION_ERROR
/// (500).
/// Reads: x-amazon-apigateway-integration (through the integrations), built once per Gateway.
/// Produces: INTEGRATION_TIMEOUT, INTEGRATION_FAILURE, API_CONFIGURATION_ERROR.

#include <memory>
#include <vector>

#include "core/integrations/integration.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

class IntegrationStep final : public Step {
 public:
  explicit IntegrationStep(const model::Api& api);
  std::string_view name() const override { return "integration"; }
  Flow on_request(Exchange& ex) const override;

 private:
  const model::Operation* first_op_;
  std::vector<std::unique_ptr<integrations::Integration>> by_op_;  ///< indexed like operations
};

}  // namespace gw::pipeline
