#pragma once

/// WebSocket route selection (AWS-doc websocket-api-develop-routes.md, "Route selection
/// expressions"): the API's routeSelectionExpression, `$request.body.<json path>` or a template
/// of `${request.body.<json path>}` parts (`${request.body.service}/${request.body.action}`), is
/// evaluated on each message; the result names the route. Non-JSON messages, binary frames and
/// expressions that find nothing select no key (the caller falls back to `$default`).

#include <optional>
#include <string>
#include <string_view>

namespace gw::websocket {

/// The route key `expression` selects for `message`, or nullopt.
std::optional<std::string> select_route_key(std::string_view expression, std::string_view message,
                                            bool binary);

}  // namespace gw::websocket
