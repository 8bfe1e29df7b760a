#include <doctest/doctest.h>

#include <string>

#include "openapi/loader.h"

namespace gw::openapi {
namespace {

const model::WebSocketRoute* route(const model::Api& api, std::string_view key) {
  for (const model::WebSocketRoute& r : api.websocket_routes) {
    if (r.route_key == key) {
      return &r;
    }
  }
  return nullptr;
}

std::string fixture(std::string_view name) {
  return std::string(GW_SOURCE_DIR) + "/fixtures/websocket/" + std::string(name);
}

}  // namespace

TEST_SUITE("gw::openapi WebSocket APIs") {
  TEST_CASE("the compact x-gw form: routes, integrations, route responses") {
    auto loaded = load(fixture("chat.yaml"));
    REQUIRE(loaded.has_value());
    const model::Api& api = *loaded->api;
    CHECK(api.type == model::ApiType::WebSocket);
    CHECK(api.route_selection_expression == "$request.body.action");
    REQUIRE(api.websocket_routes.size() == 8);
    CHECK(api.websocket_routes[0].route_key == "$connect");
    CHECK(route(api, "sendmessage")->integration_type == "AWS_PROXY");
    CHECK(route(api, "sendmessage")->integration_uri == "chat");
    CHECK_FALSE(route(api, "sendmessage")->route_response);
    CHECK(route(api, "whoami")->route_response);
  }

  TEST_CASE("MOCK routes, a response implies two-way, unknown keys warn") {
    auto loaded = load_string(R"yaml(openapi: 3.0.1
info: {title: m, version: "1"}
x-gw:
  routes:
    $connect:
    ping: {response: pong}
    odd: {type: MOCK, respons: x}
)yaml",
                              "m.yaml");
    REQUIRE(loaded.has_value());
    const model::Api& api = *loaded->api;
    CHECK(api.type == model::ApiType::WebSocket);
    CHECK(api.type_reason == "inferred: x-gw.routes");
    CHECK(route(api, "$connect")->integration_type == "MOCK");
    CHECK(route(api, "ping")->route_response);
    CHECK(route(api, "ping")->mock_response == "pong");
    bool warned = false;
    for (const Warning& w : loaded->warnings) {
      warned = warned || w.message.find("'respons'") != std::string::npos;
    }
    CHECK(warned);
  }

  TEST_CASE("a route type gw cannot serve is a positioned error") {
    auto loaded = load_string(R"yaml(openapi: 3.0.1
info: {title: m, version: "1"}
x-gw: {apiType: WEBSOCKET, routes: {a: {type: HTTP_PROXY}}}
)yaml",
                              "m.yaml");
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().message == "x-gw.routes.a.type: unsupported integration type 'HTTP_PROXY'");
  }

  TEST_CASE("CloudFormation: Api, Route, Integration, RouteResponse, Stage, functions") {
    auto loaded = load(fixture("template.yaml"));
    REQUIRE(loaded.has_value());
    const model::Api& api = *loaded->api;
    CHECK(api.type == model::ApiType::WebSocket);
    CHECK(api.title == "ChatWebSocket");
    REQUIRE(api.websocket_routes.size() == 4);
    const model::WebSocketRoute* send = route(api, "sendmessage");
    REQUIRE(send != nullptr);
    CHECK(send->integration_type == "AWS_PROXY");
    CHECK(send->integration_uri.find("function:ChatFunction/invocations") != std::string::npos);
    CHECK_FALSE(send->route_response);
    CHECK(route(api, "whoami")->route_response);
    REQUIRE(api.gw.stages.size() == 1);
    CHECK(api.gw.stages[0].name == "Prod");
    REQUIRE(api.gw.functions.contains("ChatFunction"));
    const model::FunctionConfig& fn = api.gw.functions.at("ChatFunction");
    CHECK(fn.runtime == "python3.12");
    CHECK(fn.handler == "chat.handler");
    CHECK(fn.reserved_concurrency == 1);
  }

  TEST_CASE("the aws-samples chat template loads as it is") {
    auto loaded = load(std::string(GW_SHARED_DIR) +
                       "/corpus/sam/simple-websockets-chat-app--chat/template.yaml");
    REQUIRE(loaded.has_value());
    const model::Api& api = *loaded->api;
    CHECK(api.websocket_routes.size() == 3);
    CHECK(api.gw.functions.at("OnConnectFunction").runtime == "nodejs20.x");
    CHECK(api.gw.functions.at("SendMessageFunction").environment.contains("TABLE_NAME"));
  }
}

}  // namespace gw::openapi
