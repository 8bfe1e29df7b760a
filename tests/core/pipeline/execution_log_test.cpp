#include "core/pipeline/execution_log.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

// GET /pets to an HTTP backend, POST /pets a MOCK; stage prod logs as `level`.
model::Api logged_api(std::string level, bool data) {
  model::Api api = rest_api(
      {operation("GET", "/pets",
                 http_integration(model::IntegrationType::Http, "http://127.0.0.1:9/pets", "GET")),
       operation("POST", "/pets", mock_integration())});
  model::StageConfig prod;
  prod.name = "prod";
  prod.method_settings["*/*"].logging_level = std::move(level);
  if (data) {
    prod.method_settings["*/*"].data_trace_enabled = true;
  }
  api.gw.stages = {prod};
  return api;
}

bool has(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& l : lines) {
    if (l.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_SUITE("gw::pipeline::ExecutionLogs") {
  TEST_CASE("INFO: the execution's lines, each prefixed with the request id") {
    GatewayFixture f(logged_api("INFO", false));
    f.http.next = Response{200, {}, "[]"};
    REQUIRE(f.handle(request("GET", "/prod/pets")).status == 200);
    const auto& lines = f.log.execution_log;
    const std::string id = "(" + f.log.request_id + ") ";
    REQUIRE(lines.size() == 8);
    CHECK(lines[0] == id + "Extended Request Id: " + f.log.extended_request_id);
    CHECK(lines[1] == id + "Starting execution for request: " + f.log.request_id);
    CHECK(lines[2] == id + "HTTP Method: GET, Resource Path: /pets");
    CHECK(lines[3] == id + "Endpoint request URI: http://127.0.0.1:9/pets");
    CHECK(lines[4] == id + "Sending request to http://127.0.0.1:9/pets");
    CHECK(lines[5].rfind(id + "Received response. Status: 200, Integration latency: ", 0) == 0);
    CHECK(lines[6] == id + "Successfully completed execution");
    CHECK(lines[7] == id + "Method completed with status: 200");
    // No headers or bodies without dataTraceEnabled.
    CHECK_FALSE(has(lines, "Method request headers"));
  }

  TEST_CASE("dataTraceEnabled adds the requests and responses, maps as {Name=value}") {
    GatewayFixture f(logged_api("INFO", true));
    Response backend{200, {}, "[1]"};
    backend.headers.add("Content-Type", "application/json");
    f.http.next = backend;
    Request r = request("GET", "/prod/pets", "limit=2&x");
    r.headers.add("Accept", "application/json");
    f.handle(r);
    const auto& lines = f.log.execution_log;
    CHECK(has(lines, ") Method request query string: {limit=2, x=}"));
    CHECK(has(lines, ") Method request headers: {Accept=application/json}"));
    CHECK(has(lines, ") Endpoint response headers: {Content-Type=application/json}"));
    CHECK(has(lines, ") Endpoint response body before transformations: [1]"));
    CHECK(has(lines, ") Method response body after transformations: [1]"));
    CHECK(has(lines, ") Successfully completed execution"));
  }

  TEST_CASE("ERROR writes only failed requests; OFF and unset write nothing") {
    GatewayFixture f(logged_api("ERROR", false));
    f.http.next = Response{200, {}, "[]"};
    f.handle(request("GET", "/prod/pets"));
    CHECK(f.log.execution_log.empty());
    Error refused;
    refused.kind = ErrorKind::Failure;
    refused.message = "connection refused";
    f.http.error = refused;
    f.handle(request("GET", "/prod/pets"));
    const auto& lines = f.log.execution_log;
    REQUIRE_FALSE(lines.empty());
    CHECK(has(lines, ") Execution failed due to a network error: connection refused"));
    CHECK(lines.back().ends_with("Method completed with status: 500"));
    CHECK_FALSE(has(lines, "Starting execution"));  // INFO's lines are left out
    GatewayFixture off(logged_api("OFF", true));
    off.handle(request("POST", "/prod/pets"));
    CHECK(off.log.execution_log.empty());
    GatewayFixture unset(logged_api("", false));
    unset.handle(request("POST", "/prod/pets"));
    CHECK(unset.log.execution_log.empty());
  }

  TEST_CASE("a gateway answer says its response type; HTTP APIs have no execution log") {
    GatewayFixture f(logged_api("INFO", false));
    Request no_route = request("GET", "/prod/nothing");
    f.handle(no_route);
    CHECK(f.log.execution_log.empty());  // no method: no method's setting applies
    model::Api http = logged_api("INFO", false);
    http.type = model::ApiType::Http;
    GatewayFixture h(http);
    h.handle(request("POST", "/prod/pets"));
    CHECK(h.log.execution_log.empty());
  }
}
