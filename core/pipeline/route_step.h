#pragma once

/// Step 3, route match: the operation a request addresses within its stage.
///
/// Emulates: REST misses (unknown path, or known path without that method) answer 403
/// `{"message":"Missing Authentication Token"}` with `x-amzn-ErrorType:
/// MissingAuthenticationTokenException` (fact 1); HTTP API misses answer 404
/// `{"message":"Not Found"}` (fact 2). Sets $context.resourcePath, resourceId, routeKey.
/// Reads: the paths and methods (route keys) of the API, via core/router.
/// Produces: MISSING_AUTHENTICATION_TOKEN (REST), RESOURCE_NOT_FOUND (HTTP APIs).

#include <memory>

#include "core/model/api.h"
#include "core/pipeline/step.h"
#include "core/router/http_router.h"
#include "core/router/rest_router.h"

namespace gw::pipeline {

class RouteStep final : public Step {
 public:
  explicit RouteStep(const model::Api& api);
  std::string_view name() const override { return "route"; }
  Flow on_request(Exchange& ex) const override;

 private:
  std::unique_ptr<router::RestRouter> rest_;
  std::unique_ptr<router::HttpRouter> http_;
};

}  // namespace gw::pipeline
