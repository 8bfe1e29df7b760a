#pragma once

/// x-amazon-apigateway-* extensions -> model structs, each at the level it belongs.

#include <string>

#include "core/base/result.h"
#include "core/model/api.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Every x-amazon-apigateway-* name API Gateway's import understands.
std::span<const std::string_view> known_extensions();

/// x-amazon-apigateway-integration (a $ref into components.x-amazon-apigateway-integrations
/// is followed).
Result<model::Integration> read_integration(Ctx& ctx, const Node& n);

/// A security scheme (securitySchemes / securityDefinitions entry) with its authorizer.
Result<model::Authorizer> read_authorizer(Ctx& ctx, const std::string& name, const Node& scheme);

/// The API-level extensions of the document root (gateway responses, validators, cors, ...).
Result<bool> read_api_extensions(Ctx& ctx, const Node& root, model::Api& api);

}  // namespace gw::openapi
