#pragma once

/// What a template render hands back besides its text: the `$context.responseOverride.*` and
/// `$context.requestOverride.*` values it set. Light on purpose: the pipeline's Exchange holds one.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gw::vtl {

/// Named parameters of one location (path, querystring or header), in request order.
using Params = std::vector<std::pair<std::string, std::string>>;

/// What a render changed: $context.responseOverride.* and $context.requestOverride.*.
struct Outputs {
  std::optional<int> status_override;
  Params response_headers;  ///< responseOverride.header.*
  Params request_headers;   ///< requestOverride.header.*
  Params request_path;      ///< requestOverride.path.*
  Params request_query;     ///< requestOverride.querystring.*
};

}  // namespace gw::vtl
