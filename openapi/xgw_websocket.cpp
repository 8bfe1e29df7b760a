#include "openapi/xgw_websocket.h"

#include <array>
#include <string_view>

#include "core/base/strings.h"

namespace gw::openapi {
namespace {

constexpr std::array<std::string_view, 6> kRouteKeys = {"function", "uri",      "type",
                                                        "response", "routeResponse", "timeout"};

Result<bool> read_optional_string(const Node& route, std::string_view key, const std::string& path,
                                  std::string& out) {
  const Node* n = route.find(key);
  if (n == nullptr || n->kind == Node::Kind::Null) {
    return false;
  }
  auto s = read_string(*n, path + "." + std::string(key));
  GW_TRY(s);
  out = std::move(*s);
  return true;
}

Result<bool> read_route_integration(const Node& n, const std::string& path,
                                    model::WebSocketRoute& r) {
  std::string function;
  GW_TRY(read_optional_string(n, "function", path, function));
  GW_TRY(read_optional_string(n, "uri", path, r.integration_uri));
  if (!function.empty()) {
    r.integration_uri = function;
  }
  std::string type;
  GW_TRY(read_optional_string(n, "type", path, type));
  type = to_upper(type);
  if (type.empty()) {
    type = r.integration_uri.empty() ? "MOCK" : "AWS_PROXY";
  }
  if (type != "MOCK" && type != "AWS_PROXY") {
    return fail(ErrorKind::BadInput, path + ".type: unsupported integration type '" + type + "'",
                n.find("type")->loc, "gw serves AWS_PROXY (Lambda) and MOCK WebSocket routes");
  }
  if (type == "AWS_PROXY" && r.integration_uri.empty()) {
    return fail(ErrorKind::BadInput, path + ": an AWS_PROXY route needs a function", n.loc,
                "add function: NAME (a function of x-gw.functions)");
  }
  r.integration_type = type;
  return true;
}

Result<model::WebSocketRoute> read_route(Ctx& ctx, const std::string& key, const Node& n,
                                         const std::string& path) {
  model::WebSocketRoute r;
  r.route_key = key;
  r.where = n.loc;
  if (n.kind == Node::Kind::Null) {
    return r;  // "$default:" alone: a MOCK route
  }
  GW_TRY(expect_map(n, path));
  ctx.warn_unknown_keys(n, kRouteKeys, "WebSocket route setting");
  GW_TRY(read_route_integration(n, path, r));
  auto has_response = read_optional_string(n, "response", path, r.mock_response);
  GW_TRY(has_response);
  r.route_response = *has_response;
  if (const Node* two_way = n.find("routeResponse"); two_way && two_way->kind != Node::Kind::Null) {
    auto b = read_bool(*two_way, path + ".routeResponse");
    GW_TRY(b);
    r.route_response = *b;
  }
  if (const Node* t = n.find("timeout"); t && t->kind != Node::Kind::Null) {
    auto ms = read_int(*t, path + ".timeout");
    GW_TRY(ms);
    r.timeout_ms = *ms;
    ctx.timeouts.emplace_back(*ms, t->loc);
  }
  return r;
}

}  // namespace

Result<bool> read_websocket_routes(Ctx& ctx, const Node& block, model::GwConfig& g) {
  if (const Node* e = block.find("routeSelectionExpression"); e && e->kind != Node::Kind::Null) {
    auto s = read_string(*e, "x-gw.routeSelectionExpression");
    GW_TRY(s);
    g.route_selection_expression = std::move(*s);
  }
  const Node* routes = block.find("routes");
  if (routes == nullptr || routes->kind == Node::Kind::Null) {
    return true;
  }
  GW_TRY(expect_map(*routes, "x-gw.routes"));
  for (const MapEntry& e : routes->entries) {
    auto r = read_route(ctx, e.key, e.value, "x-gw.routes." + e.key);
    GW_TRY(r);
    g.routes.push_back(std::move(*r));
  }
  return true;
}

}  // namespace gw::openapi
