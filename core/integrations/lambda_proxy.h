#pragma once

/// Lambda proxy integrations: REST `aws_proxy` (payload 1.0) and HTTP APIs' `AWS_PROXY`
/// (payload 2.0, or 1.0 when payloadFormatVersion says so), run on local functions.
///
/// Emulates: the uri resolved to a function (lambda_uri.h, `${stageVariables.x}` substituted)
/// and looked up in x-gw.functions; the event (lambda_event.h); the response rules
/// (lambda_response.h); a function error or a malformed response → REST 502
/// `{"message":"Internal server error"}` (facts 14–17), HTTP APIs 500
/// `{"message":"Internal Server Error"}` (fact 65); the integration timeout (timeoutInMillis,
/// 29 s by default) → INTEGRATION_TIMEOUT (504 REST, 503 HTTP API); REST with an integration
/// httpMethod other than POST → 500 (fact 21); REST answers carry X-Amzn-Trace-Id (fact 22).
/// The event's X-Amzn-Trace-Id header, the runtime's Lambda-Runtime-Trace-Id (so the handler's
/// `_X_AMZN_TRACE_ID`) and that response header are all the request's one trace header
/// (core/observe/trace.h), the client's Root kept.
/// Reads: uri, httpMethod, timeoutInMillis, payloadFormatVersion, x-gw.functions,
/// binaryMediaTypes.
/// Produces: API_CONFIGURATION_ERROR (no such function in x-gw.functions, bad uri, no local
/// functions in this command), INTEGRATION_FAILURE (the function cannot start),
/// INTEGRATION_TIMEOUT.
/// Differences: the Lambda error document is logged (trace), never shown, as on AWS; the
/// function's own X-Ray segment (which Lambda records) is not sent.

#include <string>

#include "core/integrations/integration.h"
#include "core/integrations/lambda_call.h"

namespace gw::integrations {

class LambdaProxyIntegration final : public Integration {
 public:
  LambdaProxyIntegration(const model::Api& api, const model::Integration& config);
  std::string_view kind() const override { return "aws_proxy"; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;

  /// The function the integration calls for ex, or an error saying how to map it.
  Result<const model::FunctionConfig*> resolve(pipeline::Exchange& ex) const;
  /// The event the function receives for ex.
  std::string event_for(const pipeline::Exchange& ex) const;

 private:
  Response gateway_error(pipeline::Exchange& ex, std::string_view why) const;

  const model::Api& api_;
  const model::Integration& config_;
  bool http_api_ = false;
  bool v2_ = false;
  FunctionResolver resolver_;
};

}  // namespace gw::integrations
