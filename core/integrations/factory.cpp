#include "core/integrations/aws_service.h"
#include "core/integrations/aws_subtype.h"
#include "core/integrations/http.h"
#include "core/integrations/integration.h"
#include "core/integrations/lambda_custom.h"
#include "core/integrations/lambda_proxy.h"
#include "core/integrations/mock.h"

namespace gw::integrations {

std::unique_ptr<Integration> make_integration(const model::Api& api, const model::Operation& op) {
  if (!op.integration) {
    return nullptr;
  }
  const model::Integration& cfg = *op.integration;
  switch (cfg.type) {
    case model::IntegrationType::Mock:
      return std::make_unique<MockIntegration>();
    case model::IntegrationType::Http:
    case model::IntegrationType::HttpProxy:
      return std::make_unique<HttpIntegration>(api, cfg);
    case model::IntegrationType::AwsProxy:
      if (!cfg.integration_subtype.empty()) {
        return std::make_unique<AwsSubtypeIntegration>(api, cfg);  // HTTP APIs' AWS services
      }
      return std::make_unique<LambdaProxyIntegration>(api, cfg);
    case model::IntegrationType::Aws:
      if (is_lambda_uri(cfg.uri)) {
        return std::make_unique<LambdaCustomIntegration>(api, cfg);
      }
      return std::make_unique<AwsServiceIntegration>(api, cfg);
  }
  return nullptr;
}

}  // namespace gw::integrations
