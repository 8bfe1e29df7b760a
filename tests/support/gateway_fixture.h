#pragma once

// Builds model::Api values in code and runs requests through a Gateway with a FakeClock,
// a SeededRandom and a FakeHttpClient.

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "core/base/clock.h"
#include "core/model/api.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/gateway.h"
#include "core/pipeline/gateway_response.h"
#include "tests/support/fake_http_client.h"

namespace gw::testing {

inline model::Integration mock_integration(std::string request_template = "{\"statusCode\": 200}",
                                           std::string status = "200",
                                           std::string response_body = "{\"ok\":true}") {
  model::Integration i;
  i.type = model::IntegrationType::Mock;
  if (!request_template.empty()) {
    i.request_templates["application/json"] = std::move(request_template);
  }
  model::IntegrationResponse r;
  r.selection_pattern = "default";
  r.status_code = std::move(status);
  if (!response_body.empty()) {
    r.response_templates["application/json"] = std::move(response_body);
  }
  i.responses.push_back(std::move(r));
  return i;
}

inline model::Integration http_integration(model::IntegrationType type, std::string uri,
                                           std::string method = "ANY") {
  model::Integration i;
  i.type = type;
  i.uri = std::move(uri);
  i.http_method = std::move(method);
  if (type == model::IntegrationType::Http) {
    model::IntegrationResponse r;
    r.selection_pattern = "default";
    r.status_code = "200";
    i.responses.push_back(std::move(r));
  }
  return i;
}

inline model::Operation operation(std::string method, std::string path,
                                  std::optional<model::Integration> integ,
                                  std::string operation_id = "") {
  model::Operation op;
  op.method = method;
  op.path = path;
  op.route_key = method + " " + path;
  op.operation_id = std::move(operation_id);
  op.integration = std::move(integ);
  return op;
}

inline model::Api rest_api(std::vector<model::Operation> ops) {
  model::Api api;
  api.title = "PetStore";
  api.type = model::ApiType::Rest;
  api.operations = std::move(ops);
  return api;
}

inline Request request(std::string method, std::string path, std::string query = "",
                       std::string body = "") {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.query = std::move(query);
  r.body = std::move(body);
  return r;
}

/// What a pipeline step under test needs to build Exchanges over api: a FakeClock, a
/// SeededRandom and the API's gateway responses, wired into one GatewayShared.
struct StepDeps {
  explicit StepDeps(const model::Api& api, uint64_t seed = 1) : random(seed), responses(api) {
    shared.api = &api;
    shared.responses = &responses;
    shared.clock = &clock;
    shared.random = &random;
  }
  StepDeps(const StepDeps&) = delete;
  StepDeps& operator=(const StepDeps&) = delete;

  FakeClock clock;
  SeededRandom random;
  pipeline::GatewayResponses responses;
  pipeline::GatewayShared shared;
};

/// Owns the injected dependencies and one Gateway.
struct GatewayFixture {
  explicit GatewayFixture(model::Api api, GatewayOptions options = {})
      : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023))),
        random(42),
        http(),
        gateway(std::make_shared<const model::Api>(std::move(api)),
                GatewayDeps{&clock, &random, &http}, std::move(options)) {}

  Response handle(const Request& r) {
    log = RequestLog{};
    return gateway.handle(r, &log);
  }

  FakeClock clock;
  SeededRandom random;
  FakeHttpClient http;  // before gateway: the gateway keeps its address
  Gateway gateway;
  RequestLog log;
};

}  // namespace gw::testing
