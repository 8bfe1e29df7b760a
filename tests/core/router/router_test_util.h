#pragma once

// Helpers shared by the router tests: build model::Operation vectors in place.

#include <string>
#include <string_view>
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

/// The value of path parameter `name` in the match, or "<no match>" / "<no param>".
template <class Router>
std::string param(const Router& r, std::string_view method, std::string_view path,
                  const std::string& name) {
  auto m = r.match(method, path);
  if (!m) {
    return "<no match>";
  }
  for (const auto& [k, v] : m->path_params) {
    if (k == name) {
      return v;
    }
  }
  return "<no param>";
}

}  // namespace gw::router::testing
