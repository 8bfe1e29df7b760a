#include "core/pipeline/cors_step.h"

#include <doctest/doctest.h>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api http_api(model::CorsConfig cors) {
  model::Integration integ =
      http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/pets", "ANY");
  integ.payload_format_version = "1.0";
  model::Api api = rest_api({operation("POST", "/pets", integ)});
  api.type = model::ApiType::Http;
  api.cors = std::move(cors);
  return api;
}

model::CorsConfig config() {
  model::CorsConfig c;
  c.allow_origins = {"https://*.example.com", "http://127.0.0.1:8000"};
  c.allow_methods = {"GET", "POST"};
  c.allow_headers = {"content-type", "x-trace"};
  c.expose_headers = {"x-request-id"};
  c.max_age = 600;
  return c;
}

Request preflight(std::string origin, std::string method = "POST",
                  std::string headers = "Content-Type") {
  Request r = request("OPTIONS", "/pets");
  r.headers.add("Origin", std::move(origin));
  r.headers.add("Access-Control-Request-Method", std::move(method));
  if (!headers.empty()) {
    r.headers.add("Access-Control-Request-Headers", std::move(headers));
  }
  return r;
}

}  // namespace

TEST_SUITE("gw::pipeline::CorsStep") {
  TEST_CASE("origin wildcards") {
    CHECK(pipeline::wildcard_match("https://*.example.com", "https://app.example.com"));
    CHECK(pipeline::wildcard_match("*", "http://x"));
    CHECK(!pipeline::wildcard_match("https://*.example.com", "https://example.org"));
    CHECK(!pipeline::wildcard_match("https://*.example.com", "http://app.example.com"));
  }

  TEST_CASE("fact 66: the gateway answers a preflight itself when no route takes OPTIONS") {
    GatewayFixture f(http_api(config()));
    Response r = f.handle(preflight("https://app.example.com"));
    CHECK(r.status == 204);
    CHECK(r.headers.get("Access-Control-Allow-Origin") == "https://app.example.com");
    CHECK(r.headers.get("Access-Control-Allow-Methods") == "GET,POST");
    CHECK(r.headers.get("Access-Control-Allow-Headers") == "content-type,x-trace");
    CHECK(r.headers.get("Access-Control-Max-Age") == "600");
    CHECK(f.http.calls.empty());
    CHECK(f.log.error_type.empty());
  }

  TEST_CASE("a preflight from another origin, method or header gets no CORS headers") {
    GatewayFixture f(http_api(config()));
    for (const Request& req :
         {preflight("https://evil.test"), preflight("https://app.example.com", "DELETE"),
          preflight("https://app.example.com", "POST", "x-secret")}) {
      Response r = f.handle(req);
      CHECK(r.status == 204);
      CHECK(!r.headers.has("Access-Control-Allow-Origin"));
    }
  }

  TEST_CASE("fact 66: actual responses get the configured headers; the backend's are discarded") {
    GatewayFixture f(http_api(config()));
    f.http.next = Response{200, {}, "{}"};
    f.http.next.headers.add("Access-Control-Allow-Origin", "*");
    Request req = request("POST", "/pets", "", "{}");
    req.headers.add("Origin", "http://127.0.0.1:8000");
    Response r = f.handle(req);
    CHECK(r.status == 200);
    CHECK(r.headers.get_all("Access-Control-Allow-Origin").size() == 1);
    CHECK(r.headers.get("Access-Control-Allow-Origin") == "http://127.0.0.1:8000");
    CHECK(r.headers.get("Access-Control-Expose-Headers") == "x-request-id");
    Request other = request("POST", "/pets", "", "{}");
    other.headers.add("Origin", "https://evil.test");
    CHECK(!f.handle(other).headers.has("Access-Control-Allow-Origin"));
  }

  TEST_CASE("allowOrigins * answers *, unless credentials are allowed") {
    model::CorsConfig c = config();
    c.allow_origins = {"*"};
    GatewayFixture f(http_api(c));
    CHECK(f.handle(preflight("https://a.test")).headers.get("Access-Control-Allow-Origin") == "*");
    c.allow_credentials = true;
    GatewayFixture g(http_api(c));
    Response r = g.handle(preflight("https://a.test"));
    CHECK(r.headers.get("Access-Control-Allow-Origin") == "https://a.test");
    CHECK(r.headers.get("Access-Control-Allow-Credentials") == "true");
  }

  TEST_CASE("a route that matches OPTIONS takes the preflight") {
    model::Api api = http_api(config());
    model::Integration mock = mock_integration();
    api.operations.push_back(operation(
        "OPTIONS", "/pets",
        http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/opt", "ANY")));
    api.operations.back().integration->payload_format_version = "1.0";
    GatewayFixture f(api);
    f.http.next = Response{200, {}, "from route"};
    Response r = f.handle(preflight("https://app.example.com"));
    CHECK(r.body == "from route");
    CHECK(f.http.calls.size() == 1);
  }

  TEST_CASE("fact 77: REST APIs get no CORS magic") {
    model::Api api = http_api(config());
    api.type = model::ApiType::Rest;
    api.operations[0].integration->payload_format_version.clear();
    GatewayFixture f(api);
    Request req = preflight("https://app.example.com");
    req.path = "/local/pets";
    Response r = f.handle(req);
    CHECK(r.status == 403);  // no OPTIONS method: the route miss of fact 1
    CHECK(!r.headers.has("Access-Control-Allow-Origin"));
  }

  TEST_CASE("fact 77: a REST 5xx carries CORS headers only when gateway responses add them") {
    model::Api api = http_api(config());
    api.type = model::ApiType::Rest;
    api.operations[0].integration->payload_format_version.clear();
    Request req = request("POST", "/local/pets", "", "{}");
    req.headers.add("Origin", "https://app.example.com");
    GatewayFixture plain(api);
    plain.http.error = Error{ErrorKind::Failure, "connection refused", {}, {}};
    Response r = plain.handle(req);
    CHECK(r.status >= 500);
    CHECK(!r.headers.has("Access-Control-Allow-Origin"));
    model::GatewayResponse g;
    g.type = "DEFAULT_5XX";
    g.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'";
    api.gateway_responses["DEFAULT_5XX"] = g;
    GatewayFixture fixed(api);
    fixed.http.error = Error{ErrorKind::Failure, "connection refused", {}, {}};
    Response f = fixed.handle(req);
    CHECK(f.status >= 500);
    CHECK(f.headers.get("Access-Control-Allow-Origin") == "*");
  }
}
