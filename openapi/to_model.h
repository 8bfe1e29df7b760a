#pragma once

/// An OpenAPI 2.0 / 3.0 / 3.1 document (already parsed, $refs resolved on the way) ->
/// model::Api: operations in document order, extensions, x-gw, the API type.

#include "core/base/result.h"
#include "core/model/api.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Converts `doc` (the OpenAPI root). `gw_block` is the x-gw block to use (the config file's,
/// else the spec's own; nullptr when neither exists).
Result<model::Api> to_model(Ctx& ctx, const Node& doc, const Node* gw_block);

/// Adds a warning for every x-amazon-apigateway-* key under `n` that API Gateway does not know.
void warn_unknown_extensions(const Node& n, std::vector<Warning>& warnings);

}  // namespace gw::openapi
