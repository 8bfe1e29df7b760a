#include "core/pipeline/resource_policy_step.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

ResourcePolicyStep::ResourcePolicyStep(const model::Api& api, std::string_view api_id)
    : policy_(api, api_id) {
  if (api.type == model::ApiType::Http) {
    return;
  }
  for (const model::Operation& op : api.operations) {
    kinds_[&op] = auth::method_auth(api, op).kind;
  }
}

Flow ResourcePolicyStep::on_request(Exchange& ex) const {
  if (!policy_.present() || !ex.route || ex.route->op == nullptr ||
      ex.api.type == model::ApiType::Http) {
    return Flow::Continue;
  }
  auth::Decision d = policy_.evaluate(ex);
  if (d == auth::Decision::Deny) {
    policy_.deny(ex, true);
    return Flow::Respond;
  }
  auto it = kinds_.find(ex.route->op);
  auth::AuthKind kind = it == kinds_.end() ? auth::AuthKind::None : it->second;
  if (kind == auth::AuthKind::None && d != auth::Decision::Allow) {
    policy_.deny(ex, false);
    return Flow::Respond;
  }
  ex.trace("resource-policy: ", d == auth::Decision::Allow ? "allow" : "no statement applies",
           kind == auth::AuthKind::None ? "" : " (the authorizer decides with it)");
  return Flow::Continue;
}

}  // namespace gw::pipeline
