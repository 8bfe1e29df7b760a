#pragma once

/// What every Lambda integration (proxy, custom, authorizers) does to call a local function:
/// resolve the integration uri to a function of x-gw.functions and invoke it (the Gateway's
/// recording decorator records the call, recording_clients.h).

#include <atomic>
#include <chrono>
#include <string>

#include "core/base/result.h"
#include "core/lambda/invoker.h"
#include "core/model/api.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::integrations {

class FunctionResolver {
 public:
  explicit FunctionResolver(const model::Api& api) : api_(api) {}

  /// The function `uri` names (a full integration ARN, a function ARN, a name, an alias or
  /// version, `${stageVariables.x}` substituted), or an error saying how to map it in x-gw
  /// (a request warning, once per resolver).
  Result<const model::FunctionConfig*> resolve(pipeline::Exchange& ex,
                                               std::string_view uri) const;

 private:
  const model::Api& api_;
  mutable std::atomic<bool> warned_unmapped_{false};
};

/// Invokes fn with payload through ex.shared.lambda and sets ex.integration_latency_ms. Fails when local functions are unavailable or the invocation
/// itself fails (timeout, cannot start); a function error is a successful InvokeOutput.
/// With event, the invocation is asynchronous (InvocationType Event): queued, no payload.
Result<lambda::InvokeOutput> call_function(pipeline::Exchange& ex, const model::Api& api,
                                           const model::FunctionConfig& fn, std::string payload,
                                           std::chrono::milliseconds timeout, bool event = false);

}  // namespace gw::integrations
