#include <doctest/doctest.h>

#include "core/integrations/mock.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::IntegrationResponse response(std::string pattern, std::string status,
                                    std::string body = "") {
  model::IntegrationResponse r;
  r.selection_pattern = std::move(pattern);
  r.status_code = std::move(status);
  if (!body.empty()) {
    r.response_templates["application/json"] = std::move(body);
  }
  return r;
}

model::Integration mock_with(std::string tmpl, std::vector<model::IntegrationResponse> rs) {
  model::Integration i = mock_integration(std::move(tmpl));
  i.responses = std::move(rs);
  return i;
}

Response call(model::Integration i, Request req = request("GET", "/local/m")) {
  GatewayFixture f(rest_api({operation("GET", "/m", std::move(i))}));
  return f.handle(req);
}

}  // namespace

TEST_SUITE("gw::integrations::MockIntegration") {
  TEST_CASE("mock_status_from_template reads numbers and numeric strings") {
    CHECK(integrations::mock_status_from_template(R"({"statusCode": 404})") == 404);
    CHECK(integrations::mock_status_from_template(R"({"statusCode": "201"})") == 201);
    CHECK(integrations::mock_status_from_template(R"({"other": 1})") == 200);
    CHECK(integrations::mock_status_from_template("") == 200);
    CHECK_FALSE(integrations::mock_status_from_template("#set($x = 1)").has_value());
    CHECK_FALSE(integrations::mock_status_from_template(R"({"statusCode": "abc"})").has_value());
  }

  TEST_CASE("fact 32: statusCode in the request template selects the integration response") {
    auto rs = std::vector{response("default", "200", R"({"ok":1})"),
                          response("4\\d{2}", "400", R"({"bad":1})"), response("5.*", "503")};
    Response ok = call(mock_with(R"({"statusCode": 200})", rs));
    CHECK(ok.status == 200);
    CHECK(ok.body == R"({"ok":1})");
    CHECK(ok.headers.get("Content-Type") == "application/json");
    Response bad = call(mock_with(R"({"statusCode": 404})", rs));
    CHECK(bad.status == 400);
    CHECK(bad.body == R"({"bad":1})");
    Response down = call(mock_with(R"({"statusCode": "500"})", rs));
    CHECK(down.status == 503);
    CHECK(down.body.empty());
  }

  TEST_CASE("selection patterns match the whole status string") {
    // "4" alone must not select for 404 (whole-string match, like Java's matches()).
    auto rs = std::vector{response("default", "200"), response("4", "400")};
    CHECK(call(mock_with(R"({"statusCode": 404})", rs)).status == 200);
  }

  TEST_CASE("fact 30: no matching response and no default gives 500") {
    Response r = call(mock_with(R"({"statusCode": 404})", {response("2\\d\\d", "200")}));
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal server error"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "InternalServerErrorException");
  }

  TEST_CASE("a template that is not JSON gives 500 API_CONFIGURATION_ERROR") {
    Response r = call(mock_with("not json", {response("default", "200")}));
    CHECK(r.status == 500);
  }

  TEST_CASE("no template: statusCode defaults to 200") {
    model::Integration i = mock_with("", {response("default", "201")});
    i.request_templates.clear();
    CHECK(call(i).status == 201);
  }

  TEST_CASE("fact 31: passthrough behaviours") {
    auto rs = std::vector{response("default", "200")};
    Request xml = request("POST", "/local/m", "", "<a/>");
    xml.headers.add("Content-Type", "application/xml");
    auto with = [&](std::string behavior) {
      model::Integration i = mock_with(R"({"statusCode": 200})", rs);
      i.passthrough_behavior = std::move(behavior);
      GatewayFixture f(rest_api({operation("POST", "/m", i)}));
      return f.handle(xml);
    };
    CHECK(with("WHEN_NO_MATCH").status == 200);
    Response never = with("NEVER");
    CHECK(never.status == 415);
    CHECK(never.body == R"({"message":"Unsupported Media Type"})");
    CHECK(never.headers.get("x-amzn-ErrorType") == "BadRequestException");
    CHECK(with("WHEN_NO_TEMPLATES").status == 415);
  }

  TEST_CASE("fact 31: a missing Content-Type counts as application/json") {
    model::Integration i =
        mock_with(R"({"statusCode": 201})", {response("default", "200"), response("201", "201")});
    i.passthrough_behavior = "NEVER";
    CHECK(call(i).status == 201);
  }

  TEST_CASE("Content-Type parameters and case are ignored when picking the request template") {
    model::Integration i =
        mock_with(R"({"statusCode": 201})", {response("default", "200"), response("201", "201")});
    i.passthrough_behavior = "NEVER";
    Request req = request("GET", "/local/m");
    req.headers.add("Content-Type", "Application/JSON; charset=utf-8");
    CHECK(call(i, req).status == 201);
  }

  TEST_CASE("response parameters: static, context, stage variables; reserved names remapped") {
    model::IntegrationResponse r = response("default", "200", "{}");
    r.response_parameters["method.response.header.X-Static"] = "'v1'";
    r.response_parameters["method.response.header.X-Req"] = "context.requestId";
    r.response_parameters["method.response.header.Server"] = "'mine'";  // fact 25
    r.response_parameters["method.response.header.X-Missing"] = "method.request.header.nope";
    GatewayFixture f(rest_api({operation("GET", "/m", mock_with("", {r}))}));
    Response out = f.handle(request("GET", "/local/m"));
    CHECK(out.headers.get("X-Static") == "v1");
    CHECK(out.headers.get("X-Req") == f.log.request_id);
    CHECK(out.headers.get("x-amzn-Remapped-Server") == "mine");
    CHECK_FALSE(out.headers.has("Server"));
    CHECK_FALSE(out.headers.has("X-Missing"));
  }

  TEST_CASE("the response template is chosen by Accept, else application/json") {
    model::IntegrationResponse r = response("default", "200", R"({"j":1})");
    r.response_templates["application/xml"] = "<j>1</j>";
    Request req = request("GET", "/local/m");
    req.headers.add("Accept", "text/html, application/xml;q=0.9");
    Response xml = call(mock_with("", {r}), req);
    CHECK(xml.body == "<j>1</j>");
    CHECK(xml.headers.get("Content-Type") == "application/xml");
    CHECK(call(mock_with("", {r})).body == R"({"j":1})");
  }
}
