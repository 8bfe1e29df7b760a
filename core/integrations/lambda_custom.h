#pragma once

/// Lambda custom (non-proxy) integrations: REST `AWS` integrations whose uri is
/// `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<fn>/invocations`.
///
/// Emulates: the function receives the rendered request template (or the request body
/// passed through; `{}` when empty) as its event; a successful invocation answers 200 with the
/// function's JSON as the integration body and always takes the default integration response;
/// a function error (an exception, "Task timed out after N seconds") sends the error document
/// `{errorMessage, errorType, stackTrace}` through integration response selection, matching each
/// selectionPattern against errorMessage (fact 29); the integration timeout → 504.
/// Reads: uri, httpMethod (must be POST), timeoutInMillis, requestTemplates, responses,
/// x-gw.functions.
/// Produces: API_CONFIGURATION_ERROR (unmapped function, httpMethod not POST),
/// INTEGRATION_FAILURE (the function cannot start), INTEGRATION_TIMEOUT.
/// `X-Amz-Invocation-Type: 'Event'` mapped in requestParameters invokes asynchronously: Lambda's
/// 202 with an empty body goes through integration response selection at once and the function
/// runs when a worker is free (lambda::FunctionManager::invoke_event).

#include "core/integrations/integration.h"
#include "core/integrations/lambda_call.h"

namespace gw::integrations {

class LambdaCustomIntegration final : public Integration {
 public:
  LambdaCustomIntegration(const model::Api& api, const model::Integration& config);
  std::string_view kind() const override { return "aws"; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;

 private:
  const model::Api& api_;
  const model::Integration& config_;
  FunctionResolver resolver_;
  bool event_ = false;  ///< X-Amz-Invocation-Type mapped to 'Event'
};

/// True when an AWS integration uri calls Lambda (`...:lambda:path/...`).
bool is_lambda_uri(std::string_view uri);

}  // namespace gw::integrations
