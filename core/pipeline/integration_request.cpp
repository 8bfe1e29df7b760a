#include "core/pipeline/integration_request.h"

#include "core/base/strings.h"
#include "core/pipeline/content_handling.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/mapping_templates.h"

namespace gw::pipeline {

namespace {

// "Application/JSON; charset=utf-8" -> "application/json".
std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

const std::pair<const std::string, std::string>* pick(const model::Integration& integ,
                                                      std::string_view type) {
  for (const auto& entry : integ.request_templates) {
    if (iequals(entry.first, type)) {
      return &entry;
    }
  }
  return nullptr;
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
  std::string type = ct ? media_type(*ct) : "application/json";  // fact 31
  const auto* chosen = pick(integ, type);
  if (chosen == nullptr) {
    const std::string& behavior = integ.passthrough_behavior;
    bool refuse = behavior == "NEVER" ||
                  (behavior == "WHEN_NO_TEMPLATES" && !integ.request_templates.empty());
    if (refuse) {
      ex.trace("integration-request: no template for '", type, "' and passthroughBehavior ",
               behavior);
      return ex.respond(GatewayResponseType::UnsupportedMediaType);
    }
  }
  bool binary = ct && is_binary_media_type(*ct, ex.api.binary_media_types);
  Result<std::string> payload =
      apply_content_handling(integ.content_handling, binary, ex.request.body);
  if (!payload) {
    ex.warn("integration-request: ", payload.error().message);
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  if (chosen == nullptr) {
    ex.trace("integration-request: passthrough ('", type, "')");
    if (!integ.content_handling.empty()) {
      ex.integration_body = std::move(*payload);
    }
    return Flow::Continue;
  }
  return render(ex, chosen->first, chosen->second, *payload);
}

Flow IntegrationRequest::render(Exchange& ex, std::string_view type, const std::string& text,
                                std::string_view body) const {
  ex.request_template_type = type;
  Result<std::string> rendered = render_mapping(ex, *ex.shared.templates, text, body);
  if (!rendered) {
    // AWS logs "Execution failed due to configuration error: Unable to transform request".
    ex.trace("integration-request: unable to transform request");
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  if (ex.tracing()) {
    ex.trace("integration-request: template '", type, "' -> ", *rendered);
  }
  ex.integration_body = std::move(*rendered);
  return Flow::Continue;
}

}  // namespace gw::pipeline
