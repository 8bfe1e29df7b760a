#pragma once

// A Gateway with a scripted Lambda invoker: the authorizer function "auth" answers with
// `auth_answer` (or a function error), the integration function "Fn" records its events.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/lambda/invoker.h"
#include "tests/support/gateway_fixture.h"

namespace gw::testing {

class ScriptedInvoker final : public lambda::LambdaInvoker {
 public:
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& inv) override {
    if (inv.function->name == "auth") {
      auth_events.push_back(nlohmann::json::parse(inv.payload));
      return lambda::InvokeOutput{auth_answer, auth_error, "req-auth", false};
    }
    events.push_back(nlohmann::json::parse(inv.payload));
    return lambda::InvokeOutput{R"({"statusCode":200,"body":"ok"})", false, "req-fn", false};
  }
  std::string auth_answer;
  bool auth_error = false;
  std::vector<nlohmann::json> auth_events;
  std::vector<nlohmann::json> events;
};

inline std::string allow_policy(std::string_view resource, std::string_view effect = "Allow") {
  return R"({"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":")" +
         std::string(effect) + R"(","Action":"execute-api:Invoke","Resource":")" +
         std::string(resource) + R"("}]},"context":{"tier":"gold","n":1,"ok":true}})";
}

inline model::Integration fn_integration(std::string format = "") {
  model::Integration i;
  i.type = model::IntegrationType::AwsProxy;
  i.http_method = "POST";
  i.uri = "Fn";
  i.payload_format_version = std::move(format);
  return i;
}

inline model::FunctionConfig fn_config(std::string name) {
  model::FunctionConfig f;
  f.name = std::move(name);
  f.runtime = "python3.12";
  f.handler = "app.handler";
  return f;
}

/// REST (stage "prod") or HTTP API with GET /pets, GET /pets/{id}, POST /pets, each calling Fn
/// and secured by `scheme` (when not empty).
inline model::Api secured_api(model::ApiType type, const std::string& scheme,
                              std::vector<std::string> scopes = {}) {
  model::Api api = rest_api({operation("GET", "/pets", fn_integration()),
                             operation("GET", "/pets/{id}", fn_integration()),
                             operation("POST", "/pets", fn_integration())});
  api.type = type;
  api.gw.functions["Fn"] = fn_config("Fn");
  api.gw.functions["auth"] = fn_config("auth");
  if (type == model::ApiType::Rest) {
    model::StageConfig st;
    st.name = "prod";
    api.gw.stages = {st};
  }
  if (!scheme.empty()) {
    api.security = std::vector<model::SecurityRequirement>{{{scheme, scopes}}};
  }
  return api;
}

inline model::Authorizer lambda_authorizer(std::string name, std::string type) {
  model::Authorizer a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.authorizer_uri =
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
      "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations";
  return a;
}

struct AuthFixture {
  explicit AuthFixture(model::Api api)
      : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023))),
        random(7),
        gateway(std::make_shared<const model::Api>(std::move(api)),
                GatewayDeps{&clock, &random, &http, &invoker}) {}

  Response handle(const Request& r) {
    log = RequestLog{};
    return gateway.handle(r, &log);
  }
  Response get(std::string path, std::string header = "", std::string value = "") {
    Request r = request("GET", std::move(path));
    if (!header.empty()) {
      r.headers.add(std::move(header), std::move(value));
    }
    return handle(r);
  }

  FakeClock clock;
  SeededRandom random;
  FakeHttpClient http;
  ScriptedInvoker invoker;
  Gateway gateway;
  RequestLog log;
};

}  // namespace gw::testing
