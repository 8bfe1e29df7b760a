#pragma once

/// The integration seam: one object per operation, built once per Gateway, invoked by the
/// pipeline's integration step. Implementations: mock.h, http.h (HTTP, HTTP_PROXY, VPC_LINK),
/// lambda_proxy.h (AWS_PROXY), lambda_custom.h (AWS + Lambda), aws_service.h (AWS + any other
/// service).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/model/api.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::integrations {

/// What a backend answered.
struct IntegrationOutput {
  Response response;
  /// True for proxy integrations: the response goes to the client as is (after header
  /// remapping); false sends it through integration response selection and mapping.
  bool proxy = false;
  /// What selectionPattern is matched against: unset → the status code; a Lambda custom
  /// integration's errorMessage; "" → the default response (a successful Lambda invocation,
  /// fact 29).
  std::optional<std::string> selection_key;
};

/// Failures: ErrorKind::Timeout → INTEGRATION_TIMEOUT, ErrorKind::Failure (backend unreachable,
/// bad answer) → INTEGRATION_FAILURE, anything else (a configuration mistake) →
/// API_CONFIGURATION_ERROR.
class Integration {
 public:
  virtual ~Integration() = default;
  /// "mock", "http", "http_proxy", ...
  virtual std::string_view kind() const = 0;
  /// Calls the backend for ex (its route, stage and selected request template are set).
  virtual Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const = 0;
};

/// The integration for op (by its x-amazon-apigateway-integration type), or nullptr when the
/// operation has none.
std::unique_ptr<Integration> make_integration(const model::Api& api, const model::Operation& op);

}  // namespace gw::integrations
