#pragma once

// Helpers shared by the router tests: build model::Operation vectors in place.

#include <string>
#include <vector>

#include "core/model/api.h"

namespace gw::router::testing {

inline model::Operation make_op(const std::string& method, const std::string& path) {
  model::Operation op;
  op.method = method;
  op.path = path;
  op.route_key = method + " " + path;
  op.operation_id = method + " " + path;
  return op;
}

inline model::Operation make_default_route() {
  model::Operation op;
  op.method = "ANY";
  op.route_key = "$default";
  op.operation_id = "$default";
  return op;
}

}  // namespace gw::router::testing
