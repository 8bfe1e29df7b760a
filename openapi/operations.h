#pragma once

/// Paths and operations -> model::Operation (parameters merged, bodies, responses, security).

#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Reads `paths` into api.operations, in document order. `swagger2` selects 2.0 semantics
/// (body parameters, consumes).
Result<bool> read_paths(Ctx& ctx, const Node& doc, bool swagger2, model::Api& api);

/// A security requirement list ([{name: [scopes]}]).
Result<std::vector<model::SecurityRequirement>> read_security(const Node& n);

}  // namespace gw::openapi
