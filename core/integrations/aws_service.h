#pragma once

/// AWS service integrations: REST `AWS` integrations whose uri is
/// `arn:aws:apigateway:<region>:<service>:path/<path>` or `...:<service>:action/<Action>`
/// (DynamoDB, SQS, SNS, S3, Kinesis, Step Functions, EventBridge ...).
///
/// Emulates: with `x-gw.awsServices.endpoint` (a loopback LocalStack or moto, say) the call is
/// forwarded there as API Gateway makes it: path style to `<endpoint>/<path>` with `{name}`
/// placeholders filled from the integration's path mappings; action style as a POST to
/// `<endpoint>/` carrying `X-Amz-Target: <prefix>.<Action>` and the JSON-protocol Content-Type
/// for JSON services (DynamoDB, Kinesis, Step Functions, EventBridge, CloudWatch Logs, Firehose,
/// SQS) or `?Action=<Action>` for query-protocol ones (SNS, ...); the rendered request template
/// is the body, and the answer goes through integration response selection by status code.
/// Without an endpoint the call goes to the local sink (aws_sink.h), which answers the common
/// actions as the services do.
/// Reads: uri, httpMethod, requestParameters, requestTemplates, timeoutInMillis,
/// x-gw.awsServices.endpoint.
/// Produces: API_CONFIGURATION_ERROR for a uri that is not an AWS service ARN;
/// INTEGRATION_FAILURE / INTEGRATION_TIMEOUT from the endpoint.
/// Forwarded calls are SigV4-signed (aws_sign.h) with x-gw.awsServices' accessKeyId /
/// secretAccessKey / sessionToken, else $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY /
/// $AWS_SESSION_TOKEN, else LocalStack's "test" / "test".
/// Differences: the integration's `credentials` role is not assumed (the call is signed with
/// the configured keys themselves).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/integrations/http.h"
#include "core/integrations/integration.h"

namespace gw::integrations {

/// The parts of an AWS service integration uri.
struct AwsServiceTarget {
  std::string region;
  std::string service;  ///< "dynamodb", "sqs", "s3" (a "bucket.s3" subdomain form keeps it)
  bool action = false;  ///< action/<Action> rather than path/<path>
  std::string rest;     ///< the action name, or the path (no leading '/')
};

/// Parses `arn:aws:apigateway:<region>:<service>:{path|action}/<rest>`.
Result<AwsServiceTarget> parse_aws_service_uri(std::string_view uri);

struct AwsCall;

/// Answers c from the local AWS sink (aws_sink.h), recording the call on ex and tracing it.
Result<Response> call_aws_sink(pipeline::Exchange& ex, AwsCall c);

/// The JSON-protocol X-Amz-Target prefix and Content-Type of a service, or nullopt for
/// query-protocol services.
std::optional<std::pair<std::string_view, std::string_view>> json_protocol_of(
    std::string_view service);

class AwsServiceIntegration final : public Integration {
 public:
  AwsServiceIntegration(const model::Api& api, const model::Integration& config);
  std::string_view kind() const override { return "aws"; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;

 private:
  Result<IntegrationOutput> sink(pipeline::Exchange& ex) const;

  Result<AwsServiceTarget> target_;
  model::Integration forward_config_;  ///< the call rewritten as an HTTP integration
  std::unique_ptr<HttpIntegration> forward_;
};

}  // namespace gw::integrations
