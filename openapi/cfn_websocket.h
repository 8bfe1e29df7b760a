#pragma once

/// WebSocket APIs defined as CloudFormation/SAM resources (AWS does not import WebSocket APIs
/// from OpenAPI): an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET` and no Body,
/// its `AWS::ApiGatewayV2::Route`s (RouteKey, Target `integrations/<Integration>`),
/// `Integration`s (IntegrationType AWS_PROXY or MOCK, IntegrationUri, TimeoutInMillis),
/// `RouteResponse`s (RouteResponseKey `$default`: a two-way route) and `Stage`s (StageName,
/// StageVariables), as aws-samples/simple-websockets-chat-app writes them. Each
/// `AWS::Serverless::Function` (with Globals.Function) becomes a local function unless x-gw
/// (the template's top-level `x-gw` key or --config) defines one of the same name.
/// Expressions are already evaluated (cloudformation.h): `!Ref Integ` is the logical id, a
/// function's `.Arn` its local ARN.
/// Not read: Authorizer, IntegrationResponse, Model resources, AWS::Serverless::WebSocketApi.

#include <optional>

#include "core/base/result.h"
#include "core/model/api.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// The template's WebSocket API resource (ProtocolType WEBSOCKET, no Body), or nullptr.
const MapEntry* find_websocket_api(const Node& resources);

/// The API `api` (an entry of `resources`) defines; `gw_block` is the x-gw block or nullptr.
Result<model::Api> websocket_from_template(Ctx& ctx, const Node& root, const MapEntry& api,
                                           const Node* gw_block);

}  // namespace gw::openapi
