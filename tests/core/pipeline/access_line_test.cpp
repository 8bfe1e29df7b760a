#include "core/pipeline/access_line.h"

#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api logged_api(std::string format, model::ApiType type = model::ApiType::Rest) {
  model::Api api = rest_api(
      {operation("GET", "/pets", mock_integration("{\"statusCode\": 200}", "200", "[1,2,3]")),
       operation("GET", "/backend",
                 http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/x"))});
  api.type = type;
  model::StageConfig logged;
  logged.name = "prod";
  logged.access_log_format = std::move(format);
  logged.access_log_format_where = SourceLoc{std::make_shared<std::string>("api.yaml"), 12, 17};
  model::StageConfig plain;
  plain.name = "dev";
  api.gw.stages = {logged, plain};
  return api;
}

}  // namespace

TEST_SUITE("gw::pipeline::AccessLines") {
  TEST_CASE("a stage with a format gets its line; a stage without gets none") {
    GatewayFixture f(
        logged_api("$context.requestId $context.httpMethod $context.resourcePath "
                   "$context.stage $context.status $context.responseLength "
                   "$context.identity.caller"));
    Response r = f.handle(request("GET", "/prod/pets"));
    CHECK(r.status == 200);
    CHECK(f.log.access_line ==
          f.log.request_id + " GET /pets prod 200 " + std::to_string(r.body.size()) + " -");
    f.handle(request("GET", "/dev/pets"));
    CHECK(f.log.access_line.empty());
    CHECK(f.gateway.warnings().empty());
  }

  TEST_CASE("a gateway answer: the error variables, no resource") {
    GatewayFixture f(
        logged_api("$context.status $context.resourcePath $context.error.responseType"
                   " $context.error.messageString $context.integrationStatus"));
    f.handle(request("GET", "/prod/nope"));
    CHECK(f.log.access_line ==
          "403 - MISSING_AUTHENTICATION_TOKEN \"Missing Authentication Token\" -");
  }

  TEST_CASE("an integration failure: integration.error and the status") {
    GatewayFixture f(
        logged_api("$context.status|$context.integration.error|"
                   "$context.integrationErrorMessage|$context.integrationLatency"));
    f.http.error = Error{ErrorKind::Failure, "connection refused", {}, {}};
    f.handle(request("GET", "/prod/backend"));
    CHECK(f.log.access_line.starts_with("500|connection refused|connection refused|"));
    f.http.error.reset();
    f.http.next = Response{201, {}, "made"};
    f.handle(request("GET", "/prod/backend"));
    CHECK(f.log.access_line.starts_with("201|-|-|"));
  }

  TEST_CASE("HTTP APIs: requestId is the apigw-requestid value; routeKey") {
    GatewayFixture f(logged_api("$context.requestId $context.routeKey", model::ApiType::Http));
    Response r = f.handle(request("GET", "/prod/pets"));
    CHECK(f.log.access_line ==
          std::string(r.headers.get("apigw-requestid").value_or("?")) + " GET /pets");
  }

  TEST_CASE("an unknown variable is a Gateway warning at the format's position") {
    GatewayFixture f(logged_api("$context.requestId $context.statuss2 $context.bogus.name"));
    REQUIRE(f.gateway.warnings().size() == 1);
    const Error& w = f.gateway.warnings()[0];
    CHECK(w.where.str() == "api.yaml:12:17");
    CHECK(w.message ==
          "x-gw.stages.prod.accessLogSettings.format: '$context.bogus.name' is not an "
          "access-log variable: it is logged as '-'");
    f.handle(request("GET", "/prod/pets"));
    CHECK(f.log.access_line == f.log.request_id + " 200s2 -");  // longest match: status + "s2"
  }

  TEST_CASE("presets follow the API type") {
    GatewayFixture rest(logged_api("CSV"));
    Response r = rest.handle(request("GET", "/prod/pets"));
    CHECK(rest.log.access_line.ends_with(",GET,/pets,HTTP/1.1,200," +
                                         std::to_string(r.body.size()) + "," + rest.log.request_id +
                                         "," + rest.log.extended_request_id));
    GatewayFixture http(logged_api("CSV", model::ApiType::Http));
    http.handle(request("GET", "/prod/pets"));
    CHECK(http.log.access_line.find(",GET,GET /pets,") != std::string::npos);
  }
}
