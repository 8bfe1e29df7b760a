#include "core/integrations/lambda_custom.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

bool is_lambda_uri(std::string_view uri) {
  return uri.find(":lambda:path/") != std::string_view::npos;
}

LambdaCustomIntegration::LambdaCustomIntegration(const model::Api& api,
                                                 const model::Integration& config)
    : api_(api), config_(config), resolver_(api) {
  for (const auto& [key, expr] : config.request_parameters) {
    if (iequals(key, "integration.request.header.X-Amz-Invocation-Type")) {
      event_ = expr == "'Event'";
    }
  }
}

Result<IntegrationOutput> LambdaCustomIntegration::invoke(pipeline::Exchange& ex) const {
  if (!config_.http_method.empty() && !iequals(config_.http_method, "POST")) {
    return fail(ErrorKind::BadInput,
                "a Lambda integration needs httpMethod POST, not " + config_.http_method);
  }
  auto fn = resolver_.resolve(ex, config_.uri);
  if (!fn) {
    return std::unexpected(fn.error());
  }
  std::string payload = ex.integration_body ? *ex.integration_body : ex.request.body;
  if (trim(payload).empty()) {
    payload = "{}";
  }
  auto out = call_function(ex, api_, **fn, std::move(payload),
                           std::chrono::milliseconds(config_.timeout_ms), event_);
  if (!out) {
    return std::unexpected(out.error());
  }
  IntegrationOutput result;
  result.response.headers.add("Content-Type", "application/json");
  if (event_) {
    result.response.status = 202;  // Lambda's answer to an Event invocation: no payload
    result.selection_key = "";
    return result;
  }
  result.response.status = 200;
  result.response.body = std::move(out->payload);
  result.selection_key = "";
  if (out->function_error) {
    auto doc = nlohmann::json::parse(result.response.body, nullptr, false);
    std::string message;
    if (doc.is_object() && doc.contains("errorMessage") && doc["errorMessage"].is_string()) {
      message = doc["errorMessage"].get<std::string>();
    }
    ex.trace("integration: aws: function error '", message, "'");
    result.selection_key = std::move(message);
  }
  return result;
}

}  // namespace gw::integrations
