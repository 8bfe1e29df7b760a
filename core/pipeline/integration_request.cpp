#include "core/pipeline/integration_request.h"

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

// "Application/JSON; charset=utf-8" -> "application/json".
std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace

Flow IntegrationRequest::on_request(Exchange& ex) const {
  const model::Operation& op = *ex.route->op;
  if (!op.integration) {
    ex.trace("integration-request: ", op.route_key, " has no x-amazon-apigateway-integration");
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  const model::Integration& integ = *op.integration;
  using T = model::IntegrationType;
  if (integ.type == T::HttpProxy || integ.type == T::AwsProxy) {
    return Flow::Continue;
  }
  auto ct = ex.request.headers.get("Content-Type");
  std::string type = ct ? media_type(*ct) : "application/json";
  for (const auto& [key, text] : integ.request_templates) {
    if (key == type || iequals(key, type)) {
      ex.request_template = &text;
      ex.request_template_type = key;
      return Flow::Continue;
    }
  }
  const std::string& behavior = integ.passthrough_behavior;
  bool refuse =
      behavior == "NEVER" || (behavior == "WHEN_NO_TEMPLATES" && !integ.request_templates.empty());
  if (refuse) {
    ex.trace("integration-request: no template for '", type, "' and passthroughBehavior ",
             behavior);
    return ex.respond(GatewayResponseType::UnsupportedMediaType);
  }
  ex.trace("integration-request: passthrough ('", type, "')");
  return Flow::Continue;
}

}  // namespace gw::pipeline
