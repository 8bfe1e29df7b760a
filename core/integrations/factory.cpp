#include "core/integrations/http.h"
#include "core/integrations/integration.h"
#include "core/integrations/lambda_proxy.h"
#include "core/integrations/mock.h"
#include "core/integrations/unsupported.h"

namespace gw::integrations {

std::unique_ptr<Integration> make_integration(const model::Api& api, const model::Operation& op) {
  if (!op.integration) {
    return nullptr;
  }
  const model::Integration& cfg = *op.integration;
  switch (cfg.type) {
    case model::IntegrationType::Mock:
      return std::make_unique<MockIntegration>(cfg);
    case model::IntegrationType::Http:
    case model::IntegrationType::HttpProxy:
      return std::make_unique<HttpIntegration>(api, cfg);
    case model::IntegrationType::AwsProxy:
      return std::make_unique<LambdaProxyIntegration>(api, cfg);
    case model::IntegrationType::Aws:
      break;
  }
  return std::make_unique<UnsupportedIntegration>(cfg.type);
}

}  // namespace gw::integrations
