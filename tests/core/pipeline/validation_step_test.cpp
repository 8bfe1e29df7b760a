#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Parameter param(std::string name, std::string in, bool required = true) {
  model::Parameter p;
  p.name = std::move(name);
  p.in = std::move(in);
  p.required = required;
  return p;
}

model::Api validated_api(std::string validator = "all") {
  model::Integration http =
      http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/events", "POST");
  model::Operation post = operation("POST", "/issuers/{issuer}/events", http);
  post.parameters = {param("issuer", "path"), param("qs1", "query"),
                     param("x-header-param", "header"), param("optional", "query", false)};
  post.request_body_schemas["application/json"] = R"({"$ref":"#/definitions/Event"})";
  post.request_validator = std::move(validator);
  model::Api api = rest_api({post});
  api.models["Event"] =
      R"({"type":"object","required":["name"],"properties":{"name":{"type":"string"}}})";
  api.request_validators["all"] = {true, true};
  api.request_validators["body-only"] = {true, false};
  api.request_validators["params-only"] = {false, true};
  return api;
}

Request post(std::string query, std::string body, bool header = true) {
  Request r = request("POST", "/local/issuers/acme/events", std::move(query), std::move(body));
  r.headers.add("Content-Type", "application/json");
  if (header) {
    r.headers.add("x-header-param", "1");
  }
  return r;
}

}  // namespace

TEST_SUITE("gw::pipeline::ValidationStep") {
  TEST_CASE("fact 49: missing parameters are named, ordered by their method.request key") {
    GatewayFixture f(validated_api());
    Response r = f.handle(post("", R"({"name":"x"})", false));
    CHECK(r.status == 400);
    CHECK(r.body == R"({"message":"Missing required request parameters: [x-header-param, qs1]"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "BadRequestException");
    CHECK(f.log.error_type == "BAD_REQUEST_PARAMETERS");
    CHECK(f.http.calls.empty());  // the backend never ran
  }

  TEST_CASE("fact 50: a body failing its model gets 400 Invalid request body, backend untouched") {
    GatewayFixture f(validated_api());
    Response r = f.handle(post("qs1=a", R"({"nom":"x"})"));
    CHECK(r.status == 400);
    CHECK(r.body == R"({"message":"Invalid request body"})");
    CHECK(f.log.error_type == "BAD_REQUEST_BODY");
    CHECK(f.http.calls.empty());
    // an empty body is validated as {} and the model requires name
    CHECK(f.handle(post("qs1=a", "")).status == 400);
    CHECK(f.http.calls.empty());
  }

  TEST_CASE("fact 50: the detail goes to $context.error.validationErrorString") {
    model::Api api = validated_api();
    model::GatewayResponse g;
    g.type = "BAD_REQUEST_BODY";
    g.response_templates["application/json"] =
        R"({"message":"$context.error.validationErrorString"})";
    api.gateway_responses["BAD_REQUEST_BODY"] = g;
    GatewayFixture f(api);
    Response r = f.handle(post("qs1=a", R"({"name":5})"));
    CHECK(r.status == 400);
    CHECK(r.body.find("/name") != std::string::npos);
    CHECK(r.body.find("type") != std::string::npos);
  }

  TEST_CASE("a valid request reaches the backend") {
    GatewayFixture f(validated_api());
    f.http.next = Response{200, {}, "ok"};
    Response r = f.handle(post("qs1=a", R"({"name":"x"})"));
    CHECK(r.status == 200);
    CHECK(f.http.calls.size() == 1);
  }

  TEST_CASE("body-only and params-only validators check only their half") {
    GatewayFixture body(validated_api("body-only"));
    body.http.next = Response{200, {}, "ok"};
    CHECK(body.handle(post("", R"({"name":"x"})", false)).status == 200);
    CHECK(body.handle(post("", R"({})", false)).status == 400);
    GatewayFixture params(validated_api("params-only"));
    params.http.next = Response{200, {}, "ok"};
    CHECK(params.handle(post("qs1=a", R"({})")).status == 200);
    CHECK(params.handle(post("", R"({"name":"x"})")).status == 400);
  }

  TEST_CASE("the API-wide validator applies when the method names none; HTTP APIs ignore it") {
    model::Api api = validated_api("");
    api.default_request_validator = "all";
    GatewayFixture rest(api);
    CHECK(rest.handle(post("qs1=a", "{}")).status == 400);
    api.type = model::ApiType::Http;
    api.operations[0].integration->payload_format_version = "1.0";
    GatewayFixture http(api);
    http.http.next = Response{200, {}, "ok"};
    Request r = post("", "{}", false);
    r.path = "/issuers/acme/events";
    CHECK(http.handle(r).status == 200);
  }

  TEST_CASE("a Content-Type without a model skips the body check") {
    GatewayFixture f(validated_api("body-only"));
    f.http.next = Response{200, {}, "ok"};
    Request r = post("", "not json", false);
    r.headers.set("Content-Type", "text/plain");
    CHECK(f.handle(r).status == 200);
  }

  TEST_CASE("issue 16: a body over a validation bound is refused and the log says why") {
    model::Api api = validated_api("body-only");
    api.models["Event"] =
        R"({"type":"object","properties":{"name":{"type":"string","pattern":"^(a+)+$"}}})";
    GatewayFixture f(api);
    f.http.next = Response{200, {}, "ok"};
    CHECK(f.handle(post("", R"({"name":"aaaa"})", false)).status == 200);
    CHECK(f.log.warnings.empty());
    const std::string redos = R"({"name":")" + std::string(28, 'a') + R"(!"})";
    Response r = f.handle(post("", redos, false));
    CHECK(r.status == 400);
    CHECK(r.body == R"({"message":"Invalid request body"})");
    REQUIRE(f.log.warnings.size() == 1);
    CHECK(f.log.warnings[0].find("exceeded its match limit on a 29-byte string at /name") !=
          std::string::npos);
    Response deep = f.handle(post("", std::string(2'000, '[') + std::string(2'000, ']'), false));
    CHECK(deep.status == 400);
    REQUIRE(f.log.warnings.size() == 1);
    CHECK(f.log.warnings[0].find("deeper than 1000 levels") != std::string::npos);
    // 1e400 in a validated body was an uncaught exception (500).
    CHECK(f.handle(post("", R"({"name":"a","n":1e400})", false)).status == 200);
    CHECK(f.http.calls.size() == 2);
  }

  TEST_CASE("a model that does not compile is a load warning at its operation, and not checked") {
    model::Api api = validated_api("body-only");
    api.models["Event"] = R"({"allOf":[{"$ref":"#/definitions/Event"}]})";
    api.operations[0].where = SourceLoc{std::make_shared<const std::string>("api.yaml"), 7, 5};
    GatewayFixture f(api);
    REQUIRE(f.gateway.warnings().size() == 1);
    const Error& w = f.gateway.warnings()[0];
    CHECK(w.where.str() == "api.yaml:7:5");
    CHECK(
        w.message.starts_with("validation: POST /issuers/{issuer}/events: body model not "
                              "checked: application/json: cannot compile the schema: "));
    CHECK(w.message.find("without descending") != std::string::npos);
    f.http.next = Response{200, {}, "ok"};
    CHECK(f.handle(post("", "[]", false)).status == 200);
  }
}
