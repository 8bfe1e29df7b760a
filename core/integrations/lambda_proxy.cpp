#include "core/integrations/lambda_proxy.h"

#include <chrono>
#include <cstdio>

#include "core/base/strings.h"
#include "core/integrations/lambda_call.h"
#include "core/integrations/lambda_event.h"
#include "core/integrations/lambda_response.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

LambdaProxyIntegration::LambdaProxyIntegration(const model::Api& api,
                                               const model::Integration& config)
    : api_(api), config_(config), resolver_(api) {
  http_api_ = api.type == model::ApiType::Http;
  v2_ = http_api_ && config.payload_format_version != "1.0";
}

Result<const model::FunctionConfig*> LambdaProxyIntegration::resolve(
    pipeline::Exchange& ex) const {
  return resolver_.resolve(ex, config_.uri);
}

std::string LambdaProxyIntegration::event_for(const pipeline::Exchange& ex) const {
  return v2_ ? lambda_event_v2(ex) : lambda_event_v1(ex, http_api_);
}

Response LambdaProxyIntegration::gateway_error(pipeline::Exchange& ex, std::string_view why) const {
  ex.trace("integration: aws_proxy: ", why);
  ex.reason = std::string(why);
  Response r;
  r.status = http_api_ ? 500 : 502;
  r.headers.add("Content-Type", "application/json");
  if (!http_api_) {
    r.headers.add("x-amzn-ErrorType", "InternalServerErrorException");
  }
  r.body = http_api_ ? R"({"message":"Internal Server Error"})"
                     : R"({"message": "Internal server error"})";
  ex.context.error_message = http_api_ ? "Internal Server Error" : "Internal server error";
  return r;
}

Result<IntegrationOutput> LambdaProxyIntegration::invoke(pipeline::Exchange& ex) const {
  if (!http_api_ && !config_.http_method.empty() && !iequals(config_.http_method, "POST")) {
    return fail(ErrorKind::BadInput,
                "aws_proxy needs httpMethod POST, not " + config_.http_method);  // fact 21
  }
  auto fn = resolve(ex);
  if (!fn) {
    return std::unexpected(fn.error());
  }
  auto out = call_function(ex, api_, **fn, event_for(ex),
                           std::chrono::milliseconds(config_.timeout_ms));
  if (!out) {
    return std::unexpected(out.error());
  }
  IntegrationOutput result;
  result.proxy = true;
  if (out->function_error) {
    ex.integration_status = 200;
    if (out->payload.find("Function.ResponseSizeTooLarge") != std::string::npos) {
      ex.warn("integration: function '", (*fn)->name,
              "' answered more than Lambda's 6 MB response limit (Function.ResponseSizeTooLarge)");
    }
    result.response = gateway_error(ex, "function error: " + out->payload);
    return result;
  }
  ProxyResponseRules rules{http_api_, v2_, api_.binary_media_types,
                           std::string(ex.request.headers.get("Accept").value_or(""))};
  auto response = parse_lambda_proxy_response(out->payload, rules);
  if (!response) {
    ex.integration_status = 200;
    // API Gateway's execution log: "Execution failed due to configuration error: Malformed
    // Lambda proxy response". Said without --trace: the client sees only a bare 502.
    ex.warn("integration: function '", (*fn)->name,
            "' answered a malformed Lambda proxy response (", response.error().message, ")");
    result.response = gateway_error(ex, response.error().message);
    return result;
  }
  if (!http_api_) {
    response->headers.add("X-Amzn-Trace-Id", ex.trace_context.value());  // fact 22
  }
  result.response = std::move(*response);
  return result;
}

}  // namespace gw::integrations
