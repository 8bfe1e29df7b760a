#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api pets_api() {
  return rest_api({operation("GET", "/pets", mock_integration(), "listPets")});
}

model::StageConfig stage(std::string name, std::map<std::string, std::string> vars = {}) {
  model::StageConfig s;
  s.name = std::move(name);
  s.variables = std::move(vars);
  return s;
}

}  // namespace

TEST_SUITE("gw::pipeline::StageMatch") {
  TEST_CASE("a REST API without stages is served under /local") {
    GatewayFixture f(pets_api());
    auto eps = f.gateway.endpoints();
    REQUIRE(eps.size() == 1);
    CHECK(eps[0].stage == "local");
    CHECK(eps[0].base_path == "/local");
    Response r = f.handle(request("GET", "/local/pets"));
    CHECK(r.status == 200);
    CHECK(f.log.stage == "local");
  }

  TEST_CASE("fact 75: an unknown REST stage answers 403 Forbidden") {
    GatewayFixture f(pets_api());
    Response r = f.handle(request("GET", "/prod/pets"));
    CHECK(r.status == 403);
    CHECK(r.body == R"({"message":"Forbidden"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "ForbiddenException");
    CHECK(r.headers.has("x-amzn-RequestId"));
  }

  TEST_CASE("each x-gw stage is served with its variables; only_stage restricts") {
    model::Api api = pets_api();
    api.gw.stages = {stage("prod", {{"v", "1"}}), stage("dev")};
    GatewayFixture all(api);
    CHECK(all.gateway.endpoints().size() == 2);
    CHECK(all.handle(request("GET", "/dev/pets")).status == 200);
    CHECK(all.handle(request("GET", "/prod/pets")).status == 200);
    CHECK(all.log.stage == "prod");

    GatewayFixture one(api, GatewayOptions{"prod", ""});
    REQUIRE(one.gateway.endpoints().size() == 1);
    CHECK(one.handle(request("GET", "/dev/pets")).status == 403);
    CHECK(one.handle(request("GET", "/prod/pets")).status == 200);
  }

  TEST_CASE("fact 5: leading doubled slashes before the stage are ignored") {
    GatewayFixture f(pets_api());
    CHECK(f.handle(request("GET", "//local/pets")).status == 200);
  }

  TEST_CASE("a stage prefix must end at a segment boundary") {
    GatewayFixture f(pets_api());
    CHECK(f.handle(request("GET", "/localx/pets")).status == 403);
    CHECK(f.log.trace.front() == "stage: /localx/pets -> no stage");
  }

  TEST_CASE("HTTP API: $default at / when there are no stages; named stages at /name") {
    model::Api api = pets_api();
    api.type = model::ApiType::Http;
    GatewayFixture f(api);
    REQUIRE(f.gateway.endpoints().size() == 1);
    CHECK(f.gateway.endpoints()[0].stage == "$default");
    CHECK(f.gateway.endpoints()[0].base_path == "");
    CHECK(f.handle(request("GET", "/pets")).status == 200);

    api.gw.stages = {stage("prod"), stage("$default")};
    GatewayFixture g(api);
    CHECK(g.handle(request("GET", "/prod/pets")).status == 200);
    CHECK(g.log.stage == "prod");
    CHECK(g.handle(request("GET", "/pets")).status == 200);
    CHECK(g.log.stage == "$default");
  }

  TEST_CASE("fact 2: HTTP API with only named stages answers 404 outside them") {
    model::Api api = pets_api();
    api.type = model::ApiType::Http;
    api.gw.stages = {stage("prod")};
    GatewayFixture f(api);
    Response r = f.handle(request("GET", "/pets"));
    CHECK(r.status == 404);
    CHECK(r.body == R"({"message":"Not Found"})");
    CHECK_FALSE(r.headers.has("x-amzn-ErrorType"));
    CHECK(r.headers.has("apigw-requestid"));
  }
}
