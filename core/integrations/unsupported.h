#pragma once

/// AWS and AWS_PROXY integrations (Lambda, AWS services) until their issues land.
///
/// Emulates: nothing yet; every call answers API_CONFIGURATION_ERROR (500
/// `{"message":"Internal server error"}`) with the trace line
/// "integration type aws_proxy is not supported yet".
/// Reads: x-amazon-apigateway-integration.type.

#include <string>

#include "core/integrations/integration.h"

namespace gw::integrations {

class UnsupportedIntegration final : public Integration {
 public:
  explicit UnsupportedIntegration(model::IntegrationType type) : type_(type) {}
  std::string_view kind() const override { return model::to_string(type_); }
  Result<IntegrationOutput> invoke(pipeline::Exchange& /*ex*/) const override {
    return fail(ErrorKind::BadInput,
                "integration type " + std::string(kind()) + " is not supported yet");
  }

 private:
  model::IntegrationType type_;
};

}  // namespace gw::integrations
