#pragma once

/// What one authorizer concluded about a request, before the resource policy is combined in.

#include "core/auth/policy.h"

namespace gw::auth {

struct Verdict {
  /// The request already has its answer (401, 500, ...): stop.
  bool responded = false;
  /// Otherwise: the authorizer's policy decision for the method ARN.
  Decision decision = Decision::NotCovered;
  /// The principal named in IAM-style 403 messages ("" = "User is not authorized ...").
  std::string principal;
};

}  // namespace gw::auth
