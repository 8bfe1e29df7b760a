#pragma once

/// Offline replay's backends: an HttpClient and a LambdaInvoker that answer from one exchange's
/// recorded integration calls, matched in order and by target ("GET http://host/path?q" for
/// HTTP, the function name for Lambda). A call the recording does not have fails (502 through
/// the pipeline) and is a mismatch; so is a request that differs from the recorded one, and a
/// recorded call the pipeline no longer makes. One instance per replay thread; reset() per
/// exchange.

#include <string>
#include <vector>

#include "core/integrations/http_client.h"
#include "core/lambda/invoker.h"
#include "core/pipeline/gateway.h"

namespace gw::replay {

class RecordedBackends final : public HttpClient, public lambda::LambdaInvoker {
 public:
  /// Answers from calls (which must outlive the exchange).
  void reset(const std::vector<IntegrationCall>* calls);
  Result<Response> send(const HttpCall& call) override;
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& invocation) override;
  /// The problems found during the exchange, plus one per recorded call that was not made.
  std::vector<std::string> finish();

 private:
  /// The first unused recorded call of kind group `lambda` / HTTP with this target, or nullptr.
  const IntegrationCall* take(bool lambda, const std::string& target);
  void check_request(const IntegrationCall& recorded, const std::string& body);

  const std::vector<IntegrationCall>* calls_ = nullptr;
  std::vector<bool> used_;
  std::vector<std::string> problems_;
};

}  // namespace gw::replay
