#include <doctest/doctest.h>

#include <stdexcept>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using model::IntegrationType;

namespace {

model::Api proxy_api(model::Integration i, std::string path = "/pets/{proxy+}") {
  model::Api api = rest_api({operation("ANY", path, std::move(i))});
  model::StageConfig prod;
  prod.name = "prod";
  prod.variables = {{"host", "backend.test"}, {"link", "lnk1"}};
  api.gw.stages = {prod};
  return api;
}

Request client_request() {
  Request r = request("POST", "/prod/pets/a/b%2Fc", "x=1&y=two+words", "payload");
  r.headers.add("Host", "api.example.test");
  r.headers.add("Connection", "keep-alive");
  r.headers.add("X-Custom", "c1");
  r.headers.add("Content-Type", "text/plain");
  return r;
}

}  // namespace

TEST_SUITE("gw::integrations::HttpIntegration") {
  TEST_CASE("http_proxy: URL, greedy path, stage variables, query and headers (fact 27)") {
    model::Integration i = http_integration(IntegrationType::HttpProxy,
                                            "http://${stageVariables.host}:8080/v1/{proxy}");
    i.request_parameters["integration.request.path.proxy"] = "method.request.path.proxy";
    i.request_parameters["integration.request.querystring.y"] = "'mapped'";
    i.request_parameters["integration.request.header.X-Stage"] = "context.stage";
    GatewayFixture f(proxy_api(i));
    f.http.next.status = 201;
    Response r = f.handle(client_request());
    REQUIRE(f.http.calls.size() == 1);
    const HttpCall& c = f.http.calls[0];
    CHECK(c.method == "POST");
    CHECK(c.url == "http://backend.test:8080/v1/a/b%2Fc?x=1&y=mapped");
    CHECK(c.body == "payload");
    CHECK(c.headers.get("X-Custom") == "c1");
    CHECK(c.headers.get("Content-Type") == "text/plain");
    CHECK_FALSE(c.headers.has("Host"));
    CHECK_FALSE(c.headers.has("Connection"));
    CHECK(c.headers.get("X-Stage") == "prod");
    CHECK(c.headers.get("X-Amzn-Apigateway-Api-Id").has_value());
    CHECK(c.headers.get("X-Amzn-Apigateway-Api-Id")->size() == 10);
    CHECK(c.timeout == std::chrono::milliseconds(29000));
    CHECK(r.status == 201);
    CHECK(f.log.integration_status == 201);
  }

  TEST_CASE("http_proxy: same-named path parameters fill placeholders without mappings") {
    GatewayFixture f(
        proxy_api(http_integration(IntegrationType::HttpProxy, "http://b.test/items/{id}", "GET"),
                  "/pets/{id}"));
    f.handle(request("DELETE", "/prod/pets/42", "a=1"));
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].method == "GET");
    CHECK(f.http.calls[0].url == "http://b.test/items/42?a=1");
  }

  TEST_CASE("fact 25: http_proxy remaps the backend's reserved headers and drops hop-by-hop") {
    GatewayFixture f(
        proxy_api(http_integration(IntegrationType::HttpProxy, "http://b.test/{proxy}")));
    f.http.next.status = 400;
    f.http.next.body = "nope";
    for (auto [k, v] : {std::pair{"Connection", "close"},
                        {"Content-Length", "4"},
                        {"Date", "yesterday"},
                        {"Server", "nginx"},
                        {"x-amzn-RequestId", "abc"},
                        {"Transfer-Encoding", "chunked"},
                        {"X-Backend", "yes"},
                        {"Content-Type", "text/plain"}}) {
      f.http.next.headers.add(k, v);
    }
    Response r = f.handle(client_request());
    CHECK(r.status == 400);  // fact 28: proxy keeps the backend status
    CHECK(r.body == "nope");
    CHECK(r.headers.get("x-amzn-Remapped-Connection") == "close");
    CHECK(r.headers.get("x-amzn-Remapped-Content-Length") == "4");
    CHECK(r.headers.get("x-amzn-Remapped-Date") == "yesterday");
    CHECK(r.headers.get("x-amzn-Remapped-Server") == "nginx");
    CHECK(r.headers.get("x-amzn-Remapped-x-amzn-RequestId") == "abc");
    CHECK(r.headers.get("x-amzn-RequestId") == f.log.request_id);
    CHECK_FALSE(r.headers.has("Transfer-Encoding"));
    CHECK(r.headers.get("X-Backend") == "yes");
    CHECK(r.headers.get("Content-Type") == "text/plain");
    CHECK(r.headers.get("Date") == "Tue, 25 Nov 2025 21:10:23 GMT");
  }

  TEST_CASE("fact 27/28: http non-proxy sends only its own headers and maps the status") {
    model::Integration i = http_integration(IntegrationType::Http, "http://b.test/items", "GET");
    i.request_parameters["integration.request.header.X-Id"] = "method.request.path.proxy";
    i.request_parameters["integration.request.querystring.q"] = "method.request.querystring.x";
    i.responses[0].response_parameters["method.response.header.X-Up"] =
        "integration.response.header.X-Backend";
    GatewayFixture f(proxy_api(i));
    f.http.next.status = 400;
    f.http.next.body = R"({"err":1})";
    f.http.next.headers.add("X-Backend", "b1");
    Response r = f.handle(client_request());
    REQUIRE(f.http.calls.size() == 1);
    const HttpCall& c = f.http.calls[0];
    CHECK(c.url == "http://b.test/items?q=1");
    CHECK(c.headers.get("Accept") == "application/json");
    CHECK(c.headers.get("User-Agent") ==
          "AmazonAPIGateway_" + std::string(*c.headers.get("X-Amzn-Apigateway-Api-Id")));
    CHECK(c.headers.get("X-Id") == "a/b%2Fc");
    CHECK_FALSE(c.headers.has("X-Custom"));
    CHECK(r.status == 200);           // fact 28: only a default response
    CHECK(r.body == R"({"err":1})");  // no template: the body passes through
    CHECK(r.headers.get("X-Up") == "b1");
    CHECK(f.log.integration_status == 400);
  }

  TEST_CASE("http non-proxy: the selected request template is sent as the body") {
    model::Integration i = http_integration(IntegrationType::Http, "http://b.test/", "POST");
    i.request_templates["text/plain"] = R"({"from":"template"})";
    GatewayFixture f(proxy_api(i));
    f.handle(client_request());
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].body == R"({"from":"template"})");
    CHECK(f.http.calls[0].method == "POST");
  }

  TEST_CASE("a step that throws is answered 500 by the backstop, never an exception") {
    struct ThrowingClient final : HttpClient {
      Result<Response> send(const HttpCall&) override { throw std::runtime_error("boom"); }
    };
    ThrowingClient client;
    FakeClock clock;
    SeededRandom random(3);
    Gateway gw(std::make_shared<const model::Api>(
                   proxy_api(http_integration(IntegrationType::HttpProxy, "http://b.test/"))),
               GatewayDeps{&clock, &random, &client});
    RequestLog log;
    Response r = gw.handle(client_request(), &log);
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal server error"})");
    CHECK(r.headers.get("x-amzn-RequestId") == log.request_id);
    REQUIRE_FALSE(log.trace.empty());
    CHECK(log.trace.back() == "internal error in step integration: boom");
  }

  TEST_CASE("http non-proxy: selectionPattern matches the backend status") {
    model::Integration i = http_integration(IntegrationType::Http, "http://b.test/", "GET");
    model::IntegrationResponse bad;
    bad.selection_pattern = "4\\d{2}";
    bad.status_code = "404";
    bad.response_templates["application/json"] = R"({"message":"gone"})";
    i.responses.push_back(bad);
    GatewayFixture f(proxy_api(i));
    f.http.next.status = 410;
    Response r = f.handle(client_request());
    CHECK(r.status == 404);
    CHECK(r.body == R"({"message":"gone"})");
  }

  TEST_CASE("fact 34: a timeout answers 504 Endpoint request timed out") {
    model::Integration i = http_integration(IntegrationType::HttpProxy, "http://b.test/");
    i.timeout_ms = 50;
    GatewayFixture f(proxy_api(i));
    f.http.error = Error{ErrorKind::Timeout, "timed out", {}, {}};
    Response r = f.handle(client_request());
    CHECK(f.http.calls.at(0).timeout == std::chrono::milliseconds(50));
    CHECK(r.status == 504);
    CHECK(r.body == R"({"message":"Endpoint request timed out"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "InternalServerErrorException");
    CHECK(f.log.error_type == "INTEGRATION_TIMEOUT");
  }

  TEST_CASE("an unreachable backend answers 500 Internal server error (INTEGRATION_FAILURE)") {
    GatewayFixture f(proxy_api(http_integration(IntegrationType::HttpProxy, "http://b.test/")));
    f.http.error = Error{ErrorKind::Failure, "connection refused", {}, {}};
    Response r = f.handle(client_request());
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal server error"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "InternalServerErrorException");
    CHECK(f.log.error_type == "INTEGRATION_FAILURE");
  }

  TEST_CASE("fact 26: mapping Content-Length makes every call fail with 500") {
    model::Integration i = http_integration(IntegrationType::Http, "http://b.test/", "GET");
    i.request_parameters["integration.request.header.Content-Length"] = "'5'";
    GatewayFixture f(proxy_api(i));
    Response r = f.handle(client_request());
    CHECK(r.status == 500);
    CHECK(f.http.calls.empty());
  }

  TEST_CASE("VPC_LINK: the link's base URL replaces scheme, host and port") {
    model::Integration i =
        http_integration(IntegrationType::HttpProxy, "http://nlb.internal:80/api/{proxy}");
    i.connection_type = "VPC_LINK";
    i.connection_id = "${stageVariables.link}";
    model::Api api = proxy_api(i);
    api.gw.vpc_links["lnk1"] = "http://127.0.0.1:8081/";
    GatewayFixture f(api);
    f.handle(client_request());
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].url == "http://127.0.0.1:8081/api/a/b%2Fc?x=1&y=two+words");

    model::Api bad = proxy_api(i);
    GatewayFixture g(bad);
    Response r = g.handle(client_request());
    CHECK(r.status == 500);
    CHECK(g.http.calls.empty());
    bool found = false;
    for (const auto& line : g.log.trace) {
      found = found || line.find("unknown VPC link 'lnk1'") != std::string::npos;
    }
    CHECK(found);
  }

  TEST_CASE("HTTP API HTTP_PROXY forwards method, path, query and headers; response as is") {
    model::Integration i = http_integration(IntegrationType::HttpProxy, "https://b.test/{proxy}");
    i.payload_format_version = "1.0";
    model::Api api = rest_api({operation("ANY", "/{proxy+}", i)});
    api.type = model::ApiType::Http;
    GatewayFixture f(api);
    f.http.next.status = 404;
    f.http.next.headers.add("Server", "nginx");
    f.http.next.headers.add("Content-Length", "0");
    Request req = request("PUT", "/a/b", "k=v");
    req.headers.add("X-Custom", "c1");
    Response r = f.handle(req);
    REQUIRE(f.http.calls.size() == 1);
    CHECK(f.http.calls[0].method == "PUT");
    CHECK(f.http.calls[0].url == "https://b.test/a/b?k=v");
    CHECK(f.http.calls[0].headers.get("X-Custom") == "c1");
    CHECK(r.status == 404);
    CHECK(r.headers.get("Server") == "nginx");
    CHECK_FALSE(r.headers.has("Content-Length"));
    CHECK(r.headers.has("apigw-requestid"));
  }

  TEST_CASE("fact 65: HTTP API integration failures use HTTP API bodies") {
    model::Api api = rest_api(
        {operation("ANY", "/{proxy+}",
                   http_integration(IntegrationType::HttpProxy, "http://b.test/{proxy}"))});
    api.type = model::ApiType::Http;
    GatewayFixture f(api);
    f.http.error = Error{ErrorKind::Failure, "refused", {}, {}};
    Response r = f.handle(request("GET", "/x"));
    CHECK(r.status == 500);
    CHECK(r.body == R"({"message":"Internal Server Error"})");
    f.http.error = Error{ErrorKind::Timeout, "slow", {}, {}};
    Response t = f.handle(request("GET", "/x"));
    CHECK(t.status == 503);
    CHECK(t.body == R"({"message":"Service Unavailable"})");
  }
}
