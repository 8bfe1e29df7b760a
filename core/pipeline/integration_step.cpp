#include "core/pipeline/integration_step.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

IntegrationStep::IntegrationStep(const model::Api& api) : first_op_(api.operations.data()) {
  for (const model::Operation& op : api.operations) {
    by_op_.push_back(integrations::make_integration(api, op));
  }
}

Flow IntegrationStep::on_request(Exchange& ex) const {
  size_t index = static_cast<size_t>(ex.route->op - first_op_);
  const integrations::Integration* integ = index < by_op_.size() ? by_op_[index].get() : nullptr;
  if (integ == nullptr) {
    ex.trace("integration: none for ", ex.route->op->route_key);
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  ex.integration_kind = integ->kind();
  ex.integration_started = ex.shared.clock->monotonic();
  Result<integrations::IntegrationOutput> out = integ->invoke(ex);
  if (!out) {
    const Error& e = out.error();
    ex.trace("integration: ", integ->kind(), " failed: ", e.message);
    ex.integration_error = e.message;
    switch (e.kind) {
      case ErrorKind::Timeout:
        return ex.respond(GatewayResponseType::IntegrationTimeout);
      case ErrorKind::Failure:
        return ex.respond(GatewayResponseType::IntegrationFailure, {}, 500);
      default:
        return ex.respond(GatewayResponseType::ApiConfigurationError);
    }
  }
  if (ex.integration_status == 0) {
    ex.integration_status = out->response.status;
  }
  ex.proxy_response = out->proxy;
  ex.selection_key = std::move(out->selection_key);
  ex.integration_response = std::move(out->response);
  return Flow::Continue;
}

}  // namespace gw::pipeline
