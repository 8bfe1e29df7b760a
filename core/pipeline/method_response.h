#pragma once

/// Step 5, method response headers (on_response, for every answer including gateway errors).
///
/// Emulates: REST responses carry `x-amzn-RequestId` (= $context.requestId) and
/// `x-amz-apigw-id` (the extended request id), and `Content-Type: application/json` when the
/// response has none (facts 18, 22, 23); HTTP APIs carry `apigw-requestid` instead (fact 24);
/// every response gets `Date` from the injected clock.
/// Differences: no X-Amzn-Trace-Id (fact 22: absent from mock and gateway error responses).

#include "core/pipeline/step.h"

namespace gw::pipeline {

class MethodResponse final : public Step {
 public:
  explicit MethodResponse(bool http_api) : http_api_(http_api) {}
  std::string_view name() const override { return "method-response"; }
  Flow on_request(Exchange& /*ex*/) const override { return Flow::Continue; }
  void on_response(Exchange& ex) const override;

 private:
  bool http_api_;
};

}  // namespace gw::pipeline
