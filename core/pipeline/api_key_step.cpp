#include "core/pipeline/api_key_step.h"

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

ApiKeyStep::ApiKeyStep(const model::Api& api)
    : rest_(api.type == model::ApiType::Rest),
      from_authorizer_(to_upper(api.api_key_source) == "AUTHORIZER"),
      plans_(api) {}

Flow ApiKeyStep::on_request(Exchange& ex) const {
  if (!rest_ || !ex.route || !ex.route->op->api_key_required) {
    return Flow::Continue;
  }
  std::string value;
  if (from_authorizer_) {
    value = ex.context.identity.api_key;
  } else if (auto h = ex.request.headers.get("x-api-key")) {
    value = std::string(*h);
  }
  auto reject = [&](std::string_view why) {
    ex.trace("api-key: ", why, " -> 403");
    return ex.respond(GatewayResponseType::InvalidApiKey);
  };
  if (value.empty()) {
    return reject(from_authorizer_ ? "the authorizer gave no usageIdentifierKey"
                                   : "no x-api-key header");
  }
  const model::ApiKey* key = plans_.key_by_value(value);
  if (key == nullptr) {
    return reject("unknown key");
  }
  if (!key->enabled) {
    return reject("key '" + key->name + "' is disabled");
  }
  const model::UsagePlan* plan = plans_.plan_for(*key, ex.stage_name);
  if (plan == nullptr) {
    return reject("key '" + key->name + "' is in no usage plan of stage '" + ex.stage_name + "'");
  }
  ex.context.identity.api_key = value;
  ex.context.identity.api_key_id = key->name;
  ex.trace("api-key: key '", key->name, "' in plan '", plan->name, "'");
  return Flow::Continue;
}

}  // namespace gw::pipeline
