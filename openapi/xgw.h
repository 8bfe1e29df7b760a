#pragma once

/// The x-gw block (DESIGN.md §4) -> model::GwConfig. Wrong types are positioned errors
/// naming the path ("x-gw.stages.prod.throttling.rateLimit: expected a number, got string").

#include "core/base/result.h"
#include "core/model/config.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Reads the block itself (the value of `x-gw`, or a config file's document).
Result<model::GwConfig> read_gw_config(Ctx& ctx, const Node& block);

}  // namespace gw::openapi
