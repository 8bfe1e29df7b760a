#include "core/websocket/websocket_api.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "core/websocket/route_selection.h"
#include "openapi/loader.h"

namespace gw::websocket {
namespace {

using Json = nlohmann::json;

// What the transport was asked to do with one connection.
class FakeChannel final : public Channel {
 public:
  bool send(std::string message, bool /*binary*/) override {
    std::lock_guard lock(mu);
    sent.push_back(std::move(message));
    return !closed;
  }
  void close(int code, std::string reason) override {
    std::lock_guard lock(mu);
    closed = true;
    close_code = code;
    close_reason = std::move(reason);
  }
  std::mutex mu;
  std::vector<std::string> sent;
  bool closed = false;
  int close_code = 0;
  std::string close_reason;
};

// Answers every invocation with `answer`, keeping the events.
class FakeLambda final : public lambda::LambdaInvoker {
 public:
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& invocation) override {
    events.push_back(Json::parse(invocation.payload));
    lambda::InvokeOutput out;
    out.payload = answer;
    out.function_error = function_error;
    return out;
  }
  std::vector<Json> events;
  std::string answer = R"({"statusCode": 200, "body": "ok"})";
  bool function_error = false;
};

constexpr std::string_view kSpec = R"yaml(openapi: 3.0.1
info: {title: chat, version: "1"}
x-gw:
  apiType: WEBSOCKET
  stages: {prod: {}}
  functions: {fn: {runtime: python3.12, handler: app.handler, codeUri: .}}
  routes:
    $connect: {function: fn}
    $disconnect: {function: fn}
    talk: {function: fn, routeResponse: true}
    quiet: {function: arn:aws:lambda:us-east-1:123456789012:function:fn}
)yaml";

struct Fixture {
  FakeClock clock{std::chrono::system_clock::time_point(std::chrono::hours(24 * 20000))};
  SeededRandom random{7};
  FakeLambda fn;
  std::vector<std::string> log;
  std::unique_ptr<WebSocketApi> api;

  explicit Fixture(std::string_view spec = kSpec) {
    auto loaded = openapi::load_string(spec, "ws.yaml");
    REQUIRE(loaded.has_value());
    WebSocketDeps deps;
    deps.clock = &clock;
    deps.random = &random;
    deps.lambda = &fn;
    WebSocketOptions options;
    options.reap_interval = std::chrono::milliseconds(0);
    api = std::make_unique<WebSocketApi>(deps, options,
                                         [this](const std::string& l) { log.push_back(l); });
    api->set_api(loaded->api);
  }
  std::shared_ptr<FakeChannel> open(const std::string& key, std::string path = "/prod") {
    Request upgrade;
    upgrade.method = "GET";
    upgrade.path = std::move(path);
    upgrade.headers.add("Host", "127.0.0.1:3000");
    upgrade.headers.add("Upgrade", "websocket");
    upgrade.headers.add("User-Agent", "test/1");
    auto ch = std::make_shared<FakeChannel>();
    CHECK_FALSE(api->connect(upgrade, key, ch).has_value());
    return ch;
  }
  std::string connection_id() const {
    return fn.events.front()["requestContext"]["connectionId"].get<std::string>();
  }
};

}  // namespace

TEST_SUITE("gw::websocket route selection") {
  TEST_CASE("$request.body paths, templates, and what selects nothing") {
    CHECK(select_route_key("$request.body.action", R"({"action":"send"})", false) == "send");
    CHECK(select_route_key("$request.body.a.b", R"({"a":{"b":"deep"}})", false) == "deep");
    CHECK(select_route_key("${request.body.s}/${request.body.a}", R"({"s":"x","a":"y"})",
                           false) == "x/y");
    CHECK(select_route_key("$request.body.n", R"({"n":3})", false) == "3");
    CHECK_FALSE(select_route_key("$request.body.action", "not json", false).has_value());
    CHECK_FALSE(select_route_key("$request.body.action", R"({"other":1})", false).has_value());
    CHECK_FALSE(select_route_key("$request.body.action", R"({"action":"x"})", true).has_value());
    CHECK_FALSE(select_route_key("$request.body.action", R"({"action":{}})", false).has_value());
  }
}

TEST_SUITE("gw::websocket::WebSocketApi") {
  TEST_CASE("$connect gets the CONNECT event; a non-2xx statusCode refuses the upgrade") {
    Fixture f;
    f.fn.answer = R"({"statusCode": 401})";
    Request upgrade;
    upgrade.method = "GET";
    upgrade.path = "/prod";
    upgrade.query = "token=abc";
    upgrade.headers.add("Host", "127.0.0.1:3000");
    auto refused = f.api->connect(upgrade, "1", std::make_shared<FakeChannel>());
    REQUIRE(refused.has_value());
    CHECK(refused->status == 401);
    const Json& e = f.fn.events.at(0);
    CHECK(e["requestContext"]["eventType"] == "CONNECT");
    CHECK(e["requestContext"]["routeKey"] == "$connect");
    CHECK(e["queryStringParameters"]["token"] == "abc");
    CHECK(e["headers"]["X-Forwarded-For"] == "127.0.0.1");
    CHECK(f.api->connection_count() == 0);
    f.api->disconnect("1", 1000);  // a refused connection runs no $disconnect
    CHECK(f.fn.events.size() == 1);
  }

  TEST_CASE("a function error on $connect refuses with 502, an unknown stage with 403") {
    Fixture f;
    f.fn.function_error = true;
    Request upgrade;
    upgrade.path = "/prod";
    CHECK(f.api->connect(upgrade, "1", std::make_shared<FakeChannel>())->status == 502);
    upgrade.path = "/nostage";
    CHECK(f.api->connect(upgrade, "2", std::make_shared<FakeChannel>())->status == 403);
  }

  TEST_CASE("two-way routes send the answer's body back; one-way routes send nothing") {
    Fixture f;
    auto ch = f.open("1");
    f.api->message("1", R"({"action":"talk"})", false);
    f.api->message("1", R"({"action":"quiet"})", false);
    CHECK(ch->sent == std::vector<std::string>{"ok"});
    const Json& e = f.fn.events.at(1);
    CHECK(e["requestContext"]["eventType"] == "MESSAGE");
    CHECK(e["requestContext"]["routeKey"] == "talk");
    CHECK(e["body"] == R"({"action":"talk"})");
    CHECK(e["isBase64Encoded"] == false);
    CHECK(e["requestContext"].contains("messageId"));
    CHECK_FALSE(e.contains("headers"));
  }

  TEST_CASE("no route and no $default: the Forbidden frame, the connection stays") {
    Fixture f;
    auto ch = f.open("1");
    f.api->message("1", "hello", false);
    REQUIRE(ch->sent.size() == 1);
    const Json frame = Json::parse(ch->sent[0]);
    CHECK(frame["message"] == "Forbidden");
    CHECK(frame["connectionId"] == f.connection_id());
    CHECK(ch->sent[0].starts_with(R"({"message": "Forbidden", "connectionId":")"));
    CHECK_FALSE(ch->closed);
  }

  TEST_CASE("a failing function sends the Internal server error frame") {
    Fixture f;
    auto ch = f.open("1");
    f.fn.function_error = true;
    f.api->message("1", R"({"action":"quiet"})", false);
    REQUIRE(ch->sent.size() == 1);
    CHECK(Json::parse(ch->sent[0])["message"] == "Internal server error");
  }

  TEST_CASE("$disconnect carries the close code; @connections then answers 410") {
    Fixture f;
    auto ch = f.open("1");
    const std::string id = f.connection_id();
    Request get;
    get.method = "GET";
    get.path = "/prod/@connections/" + id;
    auto info = f.api->manage(get);
    REQUIRE(info.has_value());
    CHECK(info->status == 200);
    const Json body = Json::parse(info->body);
    CHECK(body["identity"]["userAgent"] == "test/1");
    CHECK(body["identity"]["sourceIp"] == "127.0.0.1");
    f.api->disconnect("1", 1001);
    const Json& e = f.fn.events.back();
    CHECK(e["requestContext"]["eventType"] == "DISCONNECT");
    CHECK(e["requestContext"]["disconnectStatusCode"] == 1001);
    CHECK(f.api->manage(get)->status == 410);
    CHECK(*f.api->manage(get)->headers.get("x-amzn-ErrorType") == "GoneException");
  }

  TEST_CASE("POST sends, DELETE closes, other paths are not @connections") {
    Fixture f;
    auto ch = f.open("1");
    Request post;
    post.method = "POST";
    post.path = "/prod/@connections/" + f.connection_id();
    post.body = "pushed";
    CHECK(f.api->manage(post)->status == 200);
    CHECK(ch->sent == std::vector<std::string>{"pushed"});
    post.body = std::string(128 * 1024 + 1, 'x');
    CHECK(f.api->manage(post)->status == 413);
    Request del = post;
    del.method = "DELETE";
    CHECK(f.api->manage(del)->status == 204);
    CHECK(ch->closed);
    Request other;
    other.path = "/prod/pets";
    CHECK_FALSE(f.api->manage(other).has_value());
  }

  TEST_CASE("connections are closed after 2 hours (1001 Going away)") {
    Fixture f;
    auto ch = f.open("1");
    f.clock.advance(std::chrono::minutes(119));
    f.api->expire();
    CHECK_FALSE(ch->closed);
    f.clock.advance(std::chrono::minutes(1));
    f.api->expire();
    CHECK(ch->closed);
    CHECK(ch->close_code == 1001);
    f.api->disconnect("1", 1001);
    CHECK(f.fn.events.back()["requestContext"]["disconnectReason"] == "Going away");
  }
}

}  // namespace gw::websocket
