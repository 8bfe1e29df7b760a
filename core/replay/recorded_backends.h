#pragma once

/// Offline replay's backends: an HttpClient, a LambdaInvoker (integrations and authorizers) and
/// the AWS services that answer from one exchange's recorded integration calls, matched in
/// order and by target ("GET http://host/path?q" for HTTP, the function name for Lambda,
/// "sqs:SendMessage" for the AWS sink). A call the recording does not have fails (502 through
/// the pipeline) and is a mismatch; so is a request that differs from the recorded one, and a
/// recorded call the pipeline no longer makes. Results are not reusable: a Lambda authorizer
/// asks for every exchange, and one whose answer came from its cache at record time is answered
/// with that cached answer (its request is not compared), so the outcome never depends on shard
/// or job order. One instance per replay thread; reset() per exchange.

#include <string>
#include <vector>

#include "core/integrations/aws_sink.h"
#include "core/integrations/http_client.h"
#include "core/lambda/invoker.h"
#include "core/pipeline/gateway.h"

namespace gw::replay {

class RecordedBackends final : public HttpClient,
                               public lambda::LambdaInvoker,
                               public integrations::AwsServices {
 public:
  /// Answers from calls (which must outlive the exchange).
  void reset(const std::vector<IntegrationCall>* calls);
  Result<Response> send(const HttpCall& call) override;
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& invocation) override;
  bool results_reusable() const override { return false; }
  Result<Response> call(integrations::AwsCall call) override;
  /// The problems found during the exchange, plus one per recorded call that was not made.
  std::vector<std::string> finish();

 private:
  enum class Channel { Http, Lambda, AwsSink };
  /// The first unused recorded call of this channel with this target, or nullptr.
  const IntegrationCall* take(Channel channel, const std::string& target);
  void check_request(const IntegrationCall& recorded, const std::string& body);

  const std::vector<IntegrationCall>* calls_ = nullptr;
  std::vector<bool> used_;
  std::vector<std::string> problems_;
};

}  // namespace gw::replay
