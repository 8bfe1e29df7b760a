#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "core/vtl/template.h"

namespace gw::vtl::testing {

/// Parses and renders src; a parse or render error becomes "ERROR: <message>".
inline std::string run(std::string_view src, const Inputs& in = {}, Outputs* out = nullptr) {
  auto t = parse(src);
  if (!t) {
    return "ERROR: " + t.error().message;
  }
  auto r = render(**t, in, out);
  if (!r) {
    return "ERROR: " + r.error().message;
  }
  return *r;
}

}  // namespace gw::vtl::testing
