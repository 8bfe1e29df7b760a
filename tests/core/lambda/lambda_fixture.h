#pragma once

// A Gateway over Lambda proxy integrations with a fake invoker that records the events it
// receives and answers with a canned payload.

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/lambda/invoker.h"
#include "tests/support/gateway_fixture.h"

namespace gw::testing {

class FakeInvoker final : public lambda::LambdaInvoker {
 public:
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& inv) override {
    events.push_back(inv.payload);
    functions.push_back(inv.function->name);
    if (fail_with) {
      return std::unexpected(*fail_with);
    }
    return lambda::InvokeOutput{answer, function_error, "0f0e0d0c-0b0a-4909-8807-060504030201",
                                false};
  }
  nlohmann::json last_event() const { return nlohmann::json::parse(events.back()); }

  std::string answer = R"({"statusCode":200,"body":"ok"})";
  bool function_error = false;
  std::optional<Error> fail_with;
  std::vector<std::string> events;
  std::vector<std::string> functions;
};

inline model::Integration lambda_integration(std::string uri, std::string format = "") {
  model::Integration i;
  i.type = model::IntegrationType::AwsProxy;
  i.http_method = "POST";
  i.uri = std::move(uri);
  i.payload_format_version = std::move(format);
  return i;
}

inline model::FunctionConfig function(std::string name) {
  model::FunctionConfig f;
  f.name = name;
  f.runtime = "python3.12";
  f.handler = "app.handler";
  return f;
}

/// An API of `type` with one operation calling function "Fn" (or `uri`).
inline model::Api lambda_api(model::ApiType type, std::string method, std::string path,
                             model::Integration integ) {
  model::Api api = rest_api({operation(std::move(method), std::move(path), std::move(integ))});
  api.type = type;
  api.gw.functions["Fn"] = function("Fn");
  if (type == model::ApiType::Http) {
    api.operations[0].route_key =
        api.operations[0].method == "ANY" && api.operations[0].path == "/$default"
            ? "$default"
            : api.operations[0].method + " " + api.operations[0].path;
  } else {
    model::StageConfig st;
    st.name = "prod";
    api.gw.stages = {st};
  }
  return api;
}

struct LambdaFixture {
  explicit LambdaFixture(model::Api api)
      : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023))),
        random(42),
        gateway(std::make_shared<const model::Api>(std::move(api)),
                GatewayDeps{&clock, &random, &http, &invoker}) {}

  Response handle(const Request& r) {
    log = RequestLog{};
    return gateway.handle(r, &log);
  }

  FakeClock clock;
  SeededRandom random;
  FakeHttpClient http;
  FakeInvoker invoker;  // before gateway: the gateway keeps its address
  Gateway gateway;
  RequestLog log;
};

}  // namespace gw::testing
