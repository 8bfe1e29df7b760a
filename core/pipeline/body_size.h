#pragma once

/// Step 2, body size: API Gateway refuses payloads over 10 MB (fact 67).
///
/// Produces: REQUEST_TOO_LARGE, 413 `{"message":"Request Too Long"}` (not customisable on AWS).
/// Differences: the server may refuse a larger body earlier, with the same answer.

#include "core/pipeline/step.h"

namespace gw::pipeline {

inline constexpr size_t kMaxPayloadBytes = 10485760;

class BodySize final : public Step {
 public:
  std::string_view name() const override { return "body-size"; }
  Flow on_request(Exchange& ex) const override;
};

}  // namespace gw::pipeline
