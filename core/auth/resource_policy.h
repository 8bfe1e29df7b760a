#pragma once

/// An API's resource policy (`x-amazon-apigateway-policy`), compiled once, and the 403 messages
/// it produces (fact 52: "User: anonymous is not authorized to perform: execute-api:Invoke on
/// resource: <arn>[ with an explicit deny]").

#include <optional>
#include <string>

#include "core/auth/policy.h"
#include "core/model/api.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::auth {

class ResourcePolicy {
 public:
  explicit ResourcePolicy(const model::Api& api, std::string_view api_id);

  /// False when the API has no (usable) resource policy.
  bool present() const { return policy_.has_value(); }
  /// The decision for ex's method ARN; principal_arn "" is anonymous.
  Decision evaluate(const pipeline::Exchange& ex, std::string_view principal_arn = {}) const;
  /// Answers 403 ACCESS_DENIED with the resource policy's message.
  void deny(pipeline::Exchange& ex, bool explicit_deny, std::string_view principal = {}) const;

 private:
  std::optional<Policy> policy_;
};

/// ex's method ARN: arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}.
std::string request_arn(const pipeline::Exchange& ex);

}  // namespace gw::auth
