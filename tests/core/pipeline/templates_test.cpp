// Mapping templates in the pipeline: request templates, response templates, overrides,
// passthrough, contentHandling and template errors (AWS_BEHAVIOUR.md facts 31-38).
#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::IntegrationResponse default_response(std::string body, std::string status = "200") {
  model::IntegrationResponse r;
  r.selection_pattern = "default";
  r.status_code = std::move(status);
  if (!body.empty()) {
    r.response_templates["application/json"] = std::move(body);
  }
  return r;
}

model::Integration mock(std::string request_template, std::string response_template) {
  model::Integration i = mock_integration(std::move(request_template));
  i.responses = {default_response(std::move(response_template))};
  return i;
}

Response run(model::Integration i, Request req, RequestLog* log = nullptr) {
  GatewayFixture f(rest_api({operation("POST", "/pets/{id}", std::move(i))}));
  Response r = f.handle(req);
  if (log != nullptr) {
    *log = f.log;
  }
  return r;
}

Request post(std::string body, std::string content_type = "application/json") {
  Request r = request("POST", "/local/pets/42", "color=red", std::move(body));
  r.headers.add("Content-Type", std::move(content_type));
  r.headers.add("X-Trace", "abc");
  return r;
}

}  // namespace

TEST_SUITE("gw::pipeline mapping templates") {
  TEST_CASE("fact 32: the rendered request template's statusCode and $input.params in the response") {
    Response r = run(mock(R"({"statusCode": $input.params('code')})",
                          R"t({"id": "$input.params().path.id", "color": "$input.params('color')"})t"),
                     [] {
                       Request q = post("");
                       q.query = "color=red&code=200";
                       return q;
                     }());
    CHECK(r.status == 200);
    CHECK(r.body == R"({"id": "42", "color": "red"})");
  }

  TEST_CASE("fact 33: responseOverride.status in a MOCK request template sets the final status") {
    Response r = run(mock("#set($context.responseOverride.status = 444)\n"
                          "#set($context.requestOverride.header.x-seen = 'yes')\n"
                          R"({"statusCode": 200})",
                          R"({"seen": "$context.requestOverride.header.x-seen"})"),
                     post("{}"));
    CHECK(r.status == 444);
    CHECK(r.body == R"({"seen": "yes"})");
  }

  TEST_CASE("responseOverride.header in a response template sets a method response header") {
    Response r = run(mock(R"({"statusCode": 200})",
                          "#set($context.responseOverride.header.X-Custom = 'v1')ok"),
                     post("{}"));
    CHECK(r.status == 200);
    CHECK(r.body == "ok");
    CHECK(r.headers.get("X-Custom") == "v1");
  }

  TEST_CASE("$context values reach templates (fact 43)") {
    Response r = run(mock(R"({"statusCode": 200})",
                          "$context.httpMethod $context.resourcePath $context.stage "
                          "$context.identity.sourceIp|$context.identity.apiKey|"),
                     [] {
                       Request q = post("{}");
                       q.source_ip = "127.0.0.9";
                       return q;
                     }());
    CHECK(r.body == "POST /pets/{id} local 127.0.0.9||");
  }

  TEST_CASE("the HTTP integration receives the rendered request template and requestOverride") {
    model::Integration i = http_integration(model::IntegrationType::Http,
                                            "http://127.0.0.1:9/items/{id}", "POST");
    i.request_parameters["integration.request.path.id"] = "method.request.path.id";
    i.request_templates["application/json"] =
        "#set($context.requestOverride.header.X-Over = 'o')\n"
        "#set($context.requestOverride.querystring.q = 'a b')\n"
        R"t({"name": $input.json('$.name'), "trace": "$input.params('X-Trace')"})t";
    i.responses = {default_response(R"t({"got": "$input.path('$.result')"})t")};
    GatewayFixture f(rest_api({operation("POST", "/pets/{id}", i)}));
    f.http.next.status = 201;
    f.http.next.body = R"({"result": "stored"})";
    Response r = f.handle(post(R"({"name": "Rex", "age": 3})"));
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].url == "http://127.0.0.1:9/items/42?q=a%20b");
    // Velocity gobbles the newline that ends a line holding only a #set.
    CHECK(f.http.calls[0].body == "{\"name\": \"Rex\", \"trace\": \"abc\"}");
    CHECK(f.http.calls[0].headers.get("X-Over") == "o");
    CHECK(r.status == 200);  // fact 28: the default integration response's status
    CHECK(r.body == R"({"got": "stored"})");
  }

  TEST_CASE("fact 31: NEVER refuses an unmatched content type with 415, WHEN_NO_MATCH passes") {
    model::Integration i = mock(R"({"statusCode": 200})", "");
    i.passthrough_behavior = "NEVER";
    Response refused = run(i, post("a=b", "application/x-www-form-urlencoded"));
    CHECK(refused.status == 415);
    CHECK(refused.body == R"({"message":"Unsupported Media Type"})");
    i.passthrough_behavior = "WHEN_NO_MATCH";
    CHECK(run(i, post("a=b", "application/x-www-form-urlencoded")).status == 200);
  }

  TEST_CASE("a template that fails to parse answers 500 and logs its spec position") {
    model::Integration i = mock("#if($x", "");
    i.request_template_locs["application/json"] =
        SourceLoc{std::make_shared<const std::string>("api.yaml"), 30, 0};
    GatewayFixture f(rest_api({operation("POST", "/pets/{id}", i)}));
    REQUIRE(f.gateway.warnings().size() == 1);
    CHECK(f.gateway.warnings()[0].where.line == 30);
    Response r = f.handle(post("{}"));
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal server error"})");  // fact 44's default template
    REQUIRE(f.log.warnings.size() == 1);
    CHECK(f.log.warnings[0].find("api.yaml:30") != std::string::npos);
  }

  TEST_CASE("a render error (#foreach over the limit) answers 500 without crashing") {
    Response r = run(mock("#foreach($i in [1..5000])x#end", ""), post("{}"));
    CHECK(r.status == 500);
  }

  TEST_CASE("contentHandling CONVERT_TO_TEXT sends a binary body base64-encoded") {
    model::Integration i = http_integration(model::IntegrationType::Http, "http://127.0.0.1:9/up",
                                            "POST");
    i.content_handling = "CONVERT_TO_TEXT";
    model::Api api = rest_api({operation("POST", "/pets/{id}", i)});
    api.binary_media_types = {"image/*"};
    GatewayFixture f(std::move(api));
    Response r = f.handle(post(std::string("\x89PNG", 4), "image/png"));
    CHECK(r.status == 200);
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].body == "iVBORw==");
  }

  TEST_CASE("contentHandling CONVERT_TO_BINARY on a response decodes base64 text") {
    model::Integration i = http_integration(model::IntegrationType::Http, "http://127.0.0.1:9/dl",
                                            "POST");
    i.responses[0].content_handling = "CONVERT_TO_BINARY";
    GatewayFixture f(rest_api({operation("POST", "/pets/{id}", i)}));
    f.http.next.body = "aGVsbG8=";
    Response r = f.handle(post("{}"));
    CHECK(r.status == 200);
    CHECK(r.body == "hello");
  }
}
