#pragma once

/// MOCK integration.
///
/// Emulates: the integration status comes from `statusCode` in the rendered request template
/// (fact 32), 200 when the template is absent or has no statusCode; the integration response is
/// then selected and mapped like any non-proxy integration (fact 30).
/// Reads: x-amazon-apigateway-integration.requestTemplates.
/// Produces: API_CONFIGURATION_ERROR (500) when the template is not JSON (API Gateway logs
/// "Execution failed due to configuration error" and answers `Internal server error`).

#include <string_view>

#include "core/integrations/integration.h"

namespace gw::integrations {

class MockIntegration final : public Integration {
 public:
  std::string_view kind() const override { return "mock"; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;
};

/// The statusCode a mock request template asks for: 200 when absent; an error when the text
/// is not JSON or statusCode is neither a number nor a numeric string.
Result<int> mock_status_from_template(std::string_view text);

}  // namespace gw::integrations
