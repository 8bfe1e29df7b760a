#pragma once

/// `gw serve` for WebSocket APIs: the transport's WebSocket hook (core/server/websocket.h)
/// drives a websocket::WebSocketApi, and the banner lists the stages' ws:// URLs and routes.

#include <string>
#include <vector>

#include "core/model/api.h"
#include "core/server/websocket.h"
#include "core/websocket/websocket_api.h"

namespace gw::cli {

/// The hook calling `api` for every upgrade, message and close.
server::WebSocketHandler websocket_handler(websocket::WebSocketApi& api);

/// The banner's lines: each stage's URL (`base` is "ws://127.0.0.1:3000"), the @connections
/// callback URL and the routes.
std::vector<std::string> websocket_banner(const model::Api& api, const std::string& only_stage,
                                          const std::string& base);

}  // namespace gw::cli
