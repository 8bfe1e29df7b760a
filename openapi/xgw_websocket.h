#pragma once

/// WebSocket APIs in the compact x-gw form (gw-config(5)):
///
///   x-gw:
///     apiType: WEBSOCKET
///     routeSelectionExpression: $request.body.action
///     routes:
///       $connect: {function: chat}                  # Lambda proxy (AWS_PROXY)
///       sendmessage: {function: chat}
///       echo: {function: chat, routeResponse: true}  # two-way: the answer's body is sent back
///       ping: {type: MOCK, response: '{"pong":true}'}
///
/// A route with `function` (or `uri`) is AWS_PROXY, one without is MOCK; `response` (MOCK)
/// implies a route response; `timeout` is timeoutInMillis (50..29000).

#include "core/base/result.h"
#include "core/model/config.h"
#include "openapi/fields.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Reads x-gw.routeSelectionExpression and x-gw.routes of `block` into g.
Result<bool> read_websocket_routes(Ctx& ctx, const Node& block, model::GwConfig& g);

}  // namespace gw::openapi
