#pragma once

/// Step 4a, integration request: picks the request mapping template for non-proxy
/// integrations by the request's Content-Type and renders it (core/vtl), after contentHandling.
///
/// Emulates: a missing Content-Type counts as `application/json`; WHEN_NO_MATCH passes an
/// unmatched body through, WHEN_NO_TEMPLATES passes through only when no template exists,
/// NEVER refuses whenever no template matches (fact 31). Parameter mappings are applied by the
/// integration itself (core/integrations/http.h).
/// Reads: x-amazon-apigateway-integration.requestTemplates, passthroughBehavior.
/// Produces: UNSUPPORTED_MEDIA_TYPE (415); API_CONFIGURATION_ERROR (500) when the operation has
/// no integration or its template fails to parse or render (the error, with its spec position,
/// goes to the log).

#include <string>
#include <string_view>

#include "core/pipeline/step.h"

namespace gw::pipeline {

class IntegrationRequest final : public Step {
 public:
  std::string_view name() const override { return "integration-request"; }
  Flow on_request(Exchange& ex) const override;

 private:
  Flow render(Exchange& ex, std::string_view type, const std::string& text,
              std::string_view body) const;
};

}  // namespace gw::pipeline
