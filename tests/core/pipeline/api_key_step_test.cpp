#include "core/pipeline/api_key_step.h"

#include <doctest/doctest.h>

#include "core/pipeline/exchange.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api keyed_api() {
  model::Operation op = operation(
      "GET", "/events",
      mock_integration(R"({"statusCode": 200})", "200", R"({"key":"$context.identity.apiKeyId"})"));
  op.api_key_required = true;
  model::Api api = rest_api({op, operation("GET", "/open", mock_integration())});
  model::StageConfig prod;
  prod.name = "prod";
  model::StageConfig dev;
  dev.name = "dev";
  api.gw.stages = {prod, dev};
  model::UsagePlan free;
  free.name = "free";
  free.stages = {"prod"};
  api.gw.usage_plans["free"] = free;
  auto key = [](std::string name, std::string value, bool enabled, std::vector<std::string> plans) {
    model::ApiKey k;
    k.name = std::move(name);
    k.value = std::move(value);
    k.enabled = enabled;
    k.usage_plans = std::move(plans);
    return k;
  };
  api.gw.api_keys["partner-a"] = key("partner-a", "key-a-0123456789", true, {"free"});
  api.gw.api_keys["disabled"] = key("disabled", "key-d-0123456789", false, {"free"});
  api.gw.api_keys["planless"] = key("planless", "key-p-0123456789", true, {});
  return api;
}

Request with_key(std::string path, std::string key) {
  Request r = request("GET", std::move(path));
  if (!key.empty()) {
    r.headers.add("x-api-key", std::move(key));
  }
  return r;
}

}  // namespace

TEST_SUITE("gw::pipeline::ApiKeyStep") {
  TEST_CASE("fact 59: a valid key in a plan of the stage passes and fills $context.identity") {
    GatewayFixture f(keyed_api());
    Response r = f.handle(with_key("/prod/events", "key-a-0123456789"));
    CHECK(r.status == 200);
    CHECK(r.body == R"({"key":"partner-a"})");
  }

  TEST_CASE("fact 59: missing, unknown, disabled and not-in-a-plan keys get 403 Forbidden") {
    GatewayFixture f(keyed_api());
    for (const Request& req : {with_key("/prod/events", ""), with_key("/prod/events", "nope"),
                               with_key("/prod/events", "key-d-0123456789"),
                               with_key("/prod/events", "key-p-0123456789"),
                               with_key("/dev/events", "key-a-0123456789")}) {
      Response r = f.handle(req);
      CHECK(r.status == 403);
      CHECK(r.body == R"({"message":"Forbidden"})");
      CHECK(r.headers.get("x-amzn-ErrorType") == "ForbiddenException");
      CHECK(f.log.error_type == "INVALID_API_KEY");
    }
  }

  TEST_CASE("methods without apiKeyRequired ignore keys") {
    GatewayFixture f(keyed_api());
    CHECK(f.handle(with_key("/prod/open", "")).status == 200);
    CHECK(f.handle(with_key("/prod/open", "nope")).status == 200);
  }

  TEST_CASE("fact 59: source AUTHORIZER ignores the header") {
    model::Api api = keyed_api();
    api.api_key_source = "AUTHORIZER";
    GatewayFixture f(api);
    // No authorizer ran, so there is no usageIdentifierKey: the header alone is not enough.
    CHECK(f.handle(with_key("/prod/events", "key-a-0123456789")).status == 403);
  }

  TEST_CASE("a GatewayResponse for INVALID_API_KEY customises the answer") {
    model::Api api = keyed_api();
    model::GatewayResponse g;
    g.type = "INVALID_API_KEY";
    g.status_code = 401;
    api.gateway_responses["INVALID_API_KEY"] = g;
    GatewayFixture f(api);
    CHECK(f.handle(with_key("/prod/events", "nope")).status == 401);
  }

  TEST_CASE("fact 59: source AUTHORIZER takes the authorizer's usageIdentifierKey") {
    model::Api api = keyed_api();
    api.api_key_source = "AUTHORIZER";
    StepDeps deps(api);
    pipeline::ApiKeyStep step(api);
    router::RouteMatch m{&api.operations[0], {}, "/events"};
    auto run = [&](std::string from_authorizer) {
      Request req = with_key("/prod/events", "");
      pipeline::Exchange ex(req, deps.shared, false);
      ex.stage_name = "prod";
      ex.route = m;
      ex.context.identity.api_key = std::move(from_authorizer);
      pipeline::Flow flow = step.on_request(ex);
      return std::make_pair(flow, ex.context.identity.api_key_id);
    };
    CHECK(run("key-a-0123456789") ==
          std::make_pair(pipeline::Flow::Continue, std::string("partner-a")));
    CHECK(run("").first == pipeline::Flow::Respond);
    CHECK(run("nope").first == pipeline::Flow::Respond);
  }
}
