#pragma once

/// The integration seam: one object per operation, built once per Gateway, invoked by the
/// pipeline's integration step. Implementations: mock.h, http.h (HTTP, HTTP_PROXY, VPC_LINK),
/// unsupported.h (AWS, AWS_PROXY until their issues land).

#include <memory>
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
