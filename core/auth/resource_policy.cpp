#include "core/auth/resource_policy.h"

#include "core/pipeline/exchange.h"

namespace gw::auth {

ResourcePolicy::ResourcePolicy(const model::Api& api, std::string_view api_id) {
  if (api.policy_json.empty()) {
    return;
  }
  // "execute-api:/stage/METHOD/path" is shorthand for this API's ARN prefix.
  std::string prefix =
      "arn:aws:execute-api:" + std::string(kRegion) + ":123456789012:" + std::string(api_id);
  auto parsed = parse_policy(api.policy_json, prefix);
  if (parsed) {
    policy_ = std::move(*parsed);
  }
}

std::string request_arn(const pipeline::Exchange& ex) {
  const pipeline::Context& c = ex.context;
  return method_arn(kRegion, c.account_id, c.api_id, c.stage, ex.request.method, ex.path_in_stage);
}

Decision ResourcePolicy::evaluate(const pipeline::Exchange& ex,
                                  std::string_view principal_arn) const {
  if (!policy_) {
    return Decision::NotCovered;
  }
  std::string arn = request_arn(ex);
  PolicyRequest req;
  req.resource = arn;
  req.source_ip = ex.context.source_ip;
  req.principal_arn = principal_arn;
  if (auto ua = ex.request.headers.get("User-Agent")) {
    req.keys.emplace_back("aws:UserAgent", std::string(*ua));
  }
  if (auto ref = ex.request.headers.get("Referer")) {
    req.keys.emplace_back("aws:Referer", std::string(*ref));
  }
  return auth::evaluate(*policy_, req);
}

void ResourcePolicy::deny(pipeline::Exchange& ex, bool explicit_deny,
                          std::string_view principal) const {
  std::string message =
      "User: " + std::string(principal.empty() ? "anonymous" : principal) +
      " is not authorized to perform: execute-api:Invoke on resource: " + request_arn(ex) +
      (explicit_deny ? " with an explicit deny" : "");
  ex.trace("resource-policy: ", explicit_deny ? "explicit deny" : "no explicit allow");
  ex.respond(pipeline::GatewayResponseType::AccessDenied, std::move(message));
}

}  // namespace gw::auth
