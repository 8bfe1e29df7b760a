#pragma once

/// Step 4c, integration response: turns the integration's answer into the method response.
///
/// Emulates: proxy integrations return the backend's answer as is (fact 28). Non-proxy
/// integrations (mock, http) pick an integration response by matching `selectionPattern`
/// against the status code (core/integrations/selection.h; fact 28, fact 32), take its
/// `statusCode`, map `method.response.header.X` from static values,
/// `integration.response.header.Y`, `integration.response.body`, `context.X`, `stageVariables.X`
/// (reserved names are renamed `x-amzn-Remapped-<Name>`, fact 25), and render the response template
/// chosen by Accept, else `application/json`; with no template the integration body passes through
/// (fact 28); contentHandling converts the payload first; `$context.responseOverride.*` set by
/// the request or response template overrides status and headers (fact 33). Lambda custom
/// integrations match selectionPattern against errorMessage instead (fact 29).
/// Reads: x-amazon-apigateway-integration.responses. Produces: API_CONFIGURATION_ERROR when
/// nothing matches and there is no default (fact 30), or a template fails.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/http.h"
#include "core/integrations/selection.h"
#include "core/pipeline/step.h"
#include "core/pipeline/value_expr.h"
#include "core/vtl/outputs.h"

namespace gw::pipeline {

class IntegrationResponseStep final : public Step {
 public:
  explicit IntegrationResponseStep(const model::Api& api);
  std::string_view name() const override { return "integration-response"; }
  Flow on_request(Exchange& ex) const override;

 private:
  /// One integration response's `method.response.header.X` mappings, compiled.
  struct HeaderMappings {
    const model::IntegrationResponse* response = nullptr;
    std::vector<std::pair<std::string, ValueExpr>> headers;  ///< header name -> its source
  };
  struct Compiled {
    integrations::ResponseSelector selector;
    std::vector<HeaderMappings> mappings;  ///< one per integration response, in order
  };
  Flow map_response(Exchange& ex, const Compiled& c,
                    const model::IntegrationResponse& chosen) const;
  bool map_body(Exchange& ex, const model::IntegrationResponse& chosen, Response& r) const;
  static void apply_overrides(const vtl::Outputs& o, Response& r);

  const model::Operation* first_op_;
  std::vector<std::optional<Compiled>> by_op_;
};

}  // namespace gw::pipeline
