#include "core/pipeline/route_step.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

RouteStep::RouteStep(const model::Api& api) {
  if (api.type == model::ApiType::Http) {
    http_ = std::make_unique<router::HttpRouter>(api.operations);
  } else {
    rest_ = std::make_unique<router::RestRouter>(api.operations);
  }
}

Flow RouteStep::on_request(Exchange& ex) const {
  std::optional<router::RouteMatch> m = rest_ ? rest_->match(ex.request.method, ex.path_in_stage)
                                              : http_->match(ex.request.method, ex.path_in_stage);
  if (!m || m->op == nullptr) {
    ex.trace("route: ", ex.request.method, " ", ex.path_in_stage, " -> no route");
    return ex.respond(rest_ ? GatewayResponseType::MissingAuthenticationToken
                            : GatewayResponseType::ResourceNotFound);
  }
  const model::Operation& op = *m->op;
  ex.context.resource_path = m->resource_path.empty() ? op.path : m->resource_path;
  ex.context.resource_id = derive_resource_id(ex.context.resource_path);
  ex.context.route_key = op.route_key;
  ex.trace("route: ", ex.request.method, " ", ex.path_in_stage, " -> ",
           op.operation_id.empty() ? op.route_key : op.operation_id, " (", ex.context.resource_path,
           ")");
  ex.route = std::move(m);
  return Flow::Continue;
}

}  // namespace gw::pipeline
