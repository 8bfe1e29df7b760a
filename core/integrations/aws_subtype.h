#pragma once

/// HTTP APIs' AWS service integrations ("first-class integrations"): `aws_proxy` with an
/// `integrationSubtype` such as SQS-SendMessage, EventBridge-PutEvents, Kinesis-PutRecord or
/// StepFunctions-StartExecution, whose `requestParameters` name the action's parameters with
/// `$request.body[.x]`, `$request.header.x`, `$request.querystring.x`, `$request.path.x`,
/// `$context.x`, `$stageVariables.x` or literal text.
///
/// Emulates: the parameters become the action's request (query protocol for SQS, JSON for the
/// others); the call goes to x-gw.awsServices.endpoint (SigV4-signed) or to the local AWS sink
/// (aws_sink.h); the service's answer goes back to the client as it is.
/// Produces: API_CONFIGURATION_ERROR for an unknown subtype or a missing required parameter.
/// Differences: the subtypes' optional parameters are passed through by name, unchecked.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/integrations/aws_service.h"
#include "core/integrations/integration.h"
#include "core/pipeline/value_expr.h"

namespace gw::integrations {

class AwsSubtypeIntegration final : public Integration {
 public:
  AwsSubtypeIntegration(const model::Api& api, const model::Integration& config);
  std::string_view kind() const override { return "aws"; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;

  /// The action's parameters for ex, in the spec's order (unresolvable ones left out).
  std::vector<std::pair<std::string, std::string>> parameters(const pipeline::Exchange& ex) const;

 private:
  Result<std::string> body_for(const pipeline::Exchange& ex) const;

  const model::Api& api_;
  const model::Integration& config_;
  std::string service_;  ///< "sqs", "events", "kinesis", "states", ""
  std::vector<std::pair<std::string, pipeline::ValueExpr>> parameters_;  ///< requestParameters
  std::string action_;   ///< "SendMessage", ...
  std::string region_ = "us-east-1";
};

}  // namespace gw::integrations
