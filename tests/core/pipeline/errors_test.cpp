#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api pets_api() {
  return rest_api({operation("GET", "/pets", mock_integration(), "listPets"),
                   operation("GET", "/pets/{id}", mock_integration(), "getPet")});
}

model::GatewayResponse gateway_response(std::string type, std::optional<int> status = {}) {
  model::GatewayResponse g;
  g.type = std::move(type);
  g.status_code = status;
  return g;
}

}  // namespace

TEST_SUITE("gw::pipeline errors") {
  TEST_CASE(
      "fact 1: REST unknown path and unknown method both give 403 Missing Authentication Token") {
    GatewayFixture f(pets_api());
    for (const Request& req : {request("GET", "/local/nope"), request("DELETE", "/local/pets")}) {
      Response r = f.handle(req);
      CHECK(r.status == 403);
      CHECK(r.body == R"({"message":"Missing Authentication Token"})");
      CHECK(r.headers.get("x-amzn-ErrorType") == "MissingAuthenticationTokenException");
      CHECK(r.headers.get("Content-Type") == "application/json");  // fact 23
      CHECK(f.log.error_type == "MISSING_AUTHENTICATION_TOKEN");
    }
  }

  TEST_CASE("fact 2: HTTP API route miss gives 404 Not Found") {
    model::Api api = pets_api();
    api.type = model::ApiType::Http;
    GatewayFixture f(api);
    Response r = f.handle(request("GET", "/nope"));
    CHECK(r.status == 404);
    CHECK(r.body == R"({"message":"Not Found"})");
  }

  TEST_CASE("fact 67: a body over 10 MB gives 413 REQUEST_TOO_LARGE, not customisable") {
    model::Api api = pets_api();
    api.operations[0].method = "POST";
    api.gateway_responses["REQUEST_TOO_LARGE"] = gateway_response("REQUEST_TOO_LARGE", 400);
    GatewayFixture f(api);
    Response r = f.handle(request("POST", "/local/pets", "", std::string(10485761, 'x')));
    CHECK(r.status == 413);
    CHECK(r.body == R"({"message":"Request Too Long"})");
    CHECK(f.handle(request("POST", "/local/pets", "", std::string(10485760, 'x'))).status == 200);
  }

  TEST_CASE("facts 22-24: request ids and Date on REST and HTTP responses") {
    GatewayFixture f(pets_api());
    Response ok = f.handle(request("GET", "/local/pets"));
    CHECK(ok.headers.get("x-amzn-RequestId") == f.log.request_id);
    CHECK(f.log.request_id.size() == 36);
    CHECK(ok.headers.get("x-amz-apigw-id") == f.log.extended_request_id);
    CHECK(f.log.extended_request_id.size() == 16);
    CHECK(f.log.extended_request_id.back() == '=');
    CHECK(ok.headers.get("Date") == "Tue, 25 Nov 2025 21:10:23 GMT");
    Response err = f.handle(request("GET", "/local/nope"));
    CHECK(err.headers.has("x-amzn-RequestId"));
    CHECK(err.headers.get("x-amzn-RequestId") != ok.headers.get("x-amzn-RequestId"));

    model::Api api = pets_api();
    api.type = model::ApiType::Http;
    GatewayFixture h(api);
    Response hr = h.handle(request("GET", "/pets"));
    CHECK(hr.headers.get("apigw-requestid") == h.log.extended_request_id);
    CHECK_FALSE(hr.headers.has("x-amzn-RequestId"));
    CHECK(hr.headers.has("Date"));
  }

  TEST_CASE("fact 45: a customised type's status, headers and template") {
    model::Api api = pets_api();
    model::StageConfig prod;
    prod.name = "prod";
    prod.variables = {{"team", "blue"}};
    api.gw.stages = {prod};
    model::GatewayResponse g = gateway_response("MISSING_AUTHENTICATION_TOKEN", 404);
    g.response_parameters["gatewayresponse.header.x-static"] = "'a.b.c'";
    g.response_parameters["gatewayresponse.header.x-q"] = "method.request.querystring.q";
    g.response_parameters["gatewayresponse.header.x-h"] = "method.request.header.X-Trace";
    g.response_parameters["gatewayresponse.header.x-stage"] = "stageVariables.team";
    g.response_parameters["gatewayresponse.header.x-id"] = "context.requestId";
    g.response_templates["application/json"] =
        R"({"error":$context.error.messageString,"type":"$context.error.responseType",)"
        R"("raw":"$context.error.message","stage":"${context.stage}",)"
        R"("team":"$stageVariables.team"})";
    api.gateway_responses["MISSING_AUTHENTICATION_TOKEN"] = g;
    GatewayFixture f(api);
    Request req = request("GET", "/prod/nope", "q=hello+world");
    req.headers.add("x-trace", "t1");
    Response r = f.handle(req);
    CHECK(r.status == 404);
    CHECK(r.headers.get("x-static") == "a.b.c");
    CHECK(r.headers.get("x-q") == "hello world");
    CHECK(r.headers.get("x-h") == "t1");
    CHECK(r.headers.get("x-stage") == "blue");
    CHECK(r.headers.get("x-id") == f.log.request_id);
    CHECK(r.headers.get("x-amzn-ErrorType") == "MissingAuthenticationTokenException");
    CHECK(r.body ==
          R"({"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN",)"
          R"("raw":"Missing Authentication Token","stage":"prod","team":"blue"})");
  }

  TEST_CASE("fact 45: DEFAULT_4XX applies to un-customised 4XX types, DEFAULT_5XX to 5XX") {
    model::Api api = pets_api();
    model::GatewayResponse d4 = gateway_response("DEFAULT_4XX", 418);
    d4.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'";
    api.gateway_responses["DEFAULT_4XX"] = d4;
    model::GatewayResponse d5 = gateway_response("DEFAULT_5XX");
    d5.response_templates["application/json"] = R"({"oops":$context.error.messageString})";
    api.gateway_responses["DEFAULT_5XX"] = d5;
    api.operations[1].integration->responses.clear();  // fact 30: no default -> 500
    GatewayFixture f(api);
    Response r4 = f.handle(request("GET", "/local/nope"));
    CHECK(r4.status == 418);
    CHECK(r4.headers.get("Access-Control-Allow-Origin") == "*");  // fact 77
    CHECK(r4.body == R"({"message":"Missing Authentication Token"})");
    Response r5 = f.handle(request("GET", "/local/pets/1"));
    CHECK(r5.status == 500);
    CHECK(r5.body == R"({"oops":"Internal server error"})");
    CHECK(r5.headers.get("x-amzn-ErrorType") == "InternalServerErrorException");
  }

  TEST_CASE("an operation without an integration answers 500 API_CONFIGURATION_ERROR") {
    GatewayFixture f(rest_api({operation("GET", "/x", std::nullopt)}));
    Response r = f.handle(request("GET", "/local/x"));
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal server error"})");
    CHECK(f.log.error_type == "API_CONFIGURATION_ERROR");
  }

  TEST_CASE("an aws integration whose uri is no AWS service ARN: 500 with a clear trace line") {
    model::Integration i;
    i.type = model::IntegrationType::Aws;
    i.uri = "https://sqs.us-east-1.amazonaws.com/1/q";
    GatewayFixture f(rest_api({operation("GET", "/x", i)}));
    Response r = f.handle(request("GET", "/local/x"));
    CHECK(r.status == 500);
    CHECK(f.log.error_type == "API_CONFIGURATION_ERROR");
    bool found = false;
    for (const auto& line : f.log.trace) {
      found = found || line.find("is not arn:aws:apigateway:<region>:<service>") != std::string::npos;
    }
    CHECK(found);
  }

  TEST_CASE("the trace names the route and the log is filled") {
    GatewayFixture f(pets_api());
    f.handle(request("GET", "/local/pets/7"));
    CHECK(f.log.status == 200);
    CHECK(f.log.resource_path == "/pets/{id}");
    CHECK(f.log.method == "GET");
    CHECK(f.log.path == "/local/pets/7");
    CHECK(f.log.integration_status == 200);
    bool found = false;
    for (const auto& line : f.log.trace) {
      found = found || line == "route: GET /pets/7 -> getPet (/pets/{id})";
    }
    CHECK(found);
  }
}
