#include "core/pipeline/throttle_step.h"

#include <doctest/doctest.h>

#include <cstdio>

#include "core/pipeline/exchange.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using namespace std::chrono_literals;

namespace {

model::Throttle throttle(double rate, int burst) {
  model::Throttle t;
  t.rate_limit = rate;
  t.burst_limit = burst;
  return t;
}

model::Api metered_api() {
  model::Operation events = operation("GET", "/events", mock_integration());
  events.api_key_required = true;
  model::Operation post = operation("POST", "/events", mock_integration());
  post.api_key_required = true;
  model::Api api = rest_api({events, post, operation("GET", "/health", mock_integration())});
  model::StageConfig prod;
  prod.name = "prod";
  api.gw.stages = {prod};
  model::UsagePlan plan;
  plan.name = "free";
  plan.throttle = throttle(5, 10);
  plan.quota = model::Quota{25, 0, "DAY"};
  plan.stages = {"prod"};
  api.gw.usage_plans["free"] = plan;
  model::ApiKey key;
  key.name = "partner-a";
  key.value = "key-a-0123456789";
  key.usage_plans = {"free"};
  api.gw.api_keys["partner-a"] = key;
  return api;
}

Request keyed(std::string method = "GET", std::string path = "/prod/events") {
  Request r = request(std::move(method), std::move(path));
  r.headers.add("x-api-key", "key-a-0123456789");
  return r;
}

int count_ok(GatewayFixture& f, const Request& r, int n) {
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    ok += f.handle(r).status == 200 ? 1 : 0;
  }
  return ok;
}

}  // namespace

TEST_SUITE("gw::pipeline::ThrottleStep") {
  TEST_CASE("fact 61: a usage plan of 5 req/s, burst 10 lets the burst through, then 429") {
    GatewayFixture f(metered_api());
    CHECK(count_ok(f, keyed(), 10) == 10);
    Response r = f.handle(keyed());
    CHECK(r.status == 429);
    CHECK(r.body == R"({"message":"Too Many Requests"})");  // fact 48
    CHECK(r.headers.get("x-amzn-ErrorType") == "TooManyRequestsException");
    CHECK(f.log.error_type == "THROTTLED");
    f.clock.advance(1s);  // 5 tokens back
    CHECK(count_ok(f, keyed(), 6) == 5);
  }

  TEST_CASE("fact 48: an exhausted quota answers 429 Limit Exceeded until the next day") {
    GatewayFixture f(metered_api());
    int ok = 0;
    for (int i = 0; i < 40; ++i) {
      f.clock.advance(1s);
      ok += f.handle(keyed()).status == 200 ? 1 : 0;
    }
    CHECK(ok == 25);
    f.clock.advance(1s);
    Response r = f.handle(keyed());
    CHECK(r.status == 429);
    CHECK(r.body == R"({"message":"Limit Exceeded"})");
    CHECK(r.headers.get("x-amzn-ErrorType") == "LimitExceededException");
    CHECK(f.log.error_type == "QUOTA_EXCEEDED");
    f.clock.advance(24h);
    CHECK(f.handle(keyed()).status == 200);
  }

  TEST_CASE("the request log names the limit that answered 429 (gw serve's line)") {
    model::Api api = metered_api();
    api.gw.usage_plans["free"].quota = model::Quota{11, 0, "DAY"};
    GatewayFixture f(api);
    CHECK(count_ok(f, keyed(), 10) == 10);
    CHECK(f.log.reason.empty());
    CHECK(f.handle(keyed()).status == 429);
    CHECK(f.log.reason == "throttled by usage plan 'free' (rate 5/s, burst 10)");
    f.clock.advance(1s);
    CHECK(f.handle(keyed()).status == 200);  // the 11th of the quota
    CHECK(f.log.reason.empty());
    CHECK(f.handle(keyed()).status == 429);
    CHECK(f.log.reason == "quota of usage plan 'free' used up by key 'partner-a'");
  }

  TEST_CASE("a throttled request does not use quota") {
    model::Api api = metered_api();
    api.gw.usage_plans["free"].quota = model::Quota{12, 0, "DAY"};
    GatewayFixture f(api);
    CHECK(count_ok(f, keyed(), 20) == 10);
    f.clock.advance(1s);
    CHECK(count_ok(f, keyed(), 5) == 2);
  }

  TEST_CASE("the plan's per-method throttle replaces its throttle for that method") {
    model::Api api = metered_api();
    api.gw.usage_plans["free"].method_throttles["/events/POST"] = throttle(1, 2);
    GatewayFixture f(api);
    CHECK(count_ok(f, keyed("POST"), 5) == 2);
    CHECK(count_ok(f, keyed("GET"), 5) == 5);  // its own bucket
  }

  TEST_CASE("fact 61: stage methodSettings throttle each method in its own bucket") {
    model::Api api = metered_api();
    model::MethodSetting all;
    all.throttling = throttle(1, 3);
    api.gw.stages[0].method_settings["*/*"] = all;
    model::MethodSetting health;
    health.throttling = throttle(1, 1);
    api.gw.stages[0].method_settings["~1health/GET"] = health;
    GatewayFixture f(api);
    CHECK(count_ok(f, request("GET", "/prod/health"), 3) == 1);
    CHECK(count_ok(f, keyed("GET"), 5) == 3);
    CHECK(count_ok(f, keyed("POST"), 5) == 3);
  }

  TEST_CASE("the stage throttle is the default for methods without settings") {
    model::Api api = metered_api();
    api.gw.stages[0].throttling = throttle(2, 2);
    GatewayFixture f(api);
    CHECK(count_ok(f, request("GET", "/prod/health"), 4) == 2);
  }

  TEST_CASE("the account limit applies to everything") {
    model::Api api = rest_api(
        {operation("GET", "/a", mock_integration()), operation("GET", "/b", mock_integration())});
    api.gw.stages = {model::StageConfig{}};
    api.gw.stages[0].name = "prod";
    StepDeps deps(api);
    limits::MemoryStateStore store;
    pipeline::ThrottleStep step(api, store, limits::BucketLimits{1, 3});
    router::RouteMatch a{&api.operations[0], {}, "/a"};
    router::RouteMatch b{&api.operations[1], {}, "/b"};
    int ok = 0;
    for (int i = 0; i < 6; ++i) {
      Request req = request("GET", "/prod/a");
      pipeline::Exchange ex(req, deps.shared, true);
      ex.stage_name = "prod";
      ex.route = i % 2 == 0 ? a : b;
      ok += step.on_request(ex) == pipeline::Flow::Continue ? 1 : 0;
    }
    CHECK(ok == 3);
  }

  TEST_CASE("HTTP APIs throttle by route key") {
    model::Api api = rest_api({operation("GET", "/pets", mock_integration())});
    api.type = model::ApiType::Http;
    model::StageConfig def;
    def.name = "$default";
    model::MethodSetting route;
    route.throttling = throttle(1, 2);
    def.method_settings["GET /pets"] = route;
    api.gw.stages = {def};
    StepDeps deps(api);
    limits::MemoryStateStore store;
    pipeline::ThrottleStep step(api, store);
    router::RouteMatch m{&api.operations[0], {}, "GET /pets"};
    int ok = 0;
    for (int i = 0; i < 4; ++i) {
      Request req = request("GET", "/pets");
      pipeline::Exchange ex(req, deps.shared, false);
      ex.stage_name = "$default";
      ex.route = m;
      ok += step.on_request(ex) == pipeline::Flow::Continue ? 1 : 0;
    }
    CHECK(ok == 2);
  }
}

TEST_SUITE("gw::pipeline bench") {
  // Run with -ts="gw::pipeline bench" --no-skip: the cost of a usage-plan throttle plus a quota
  // check per request, and of answering from the stage cache, beside the bare mock path.
  TEST_CASE("edge protection per-request cost" * doctest::skip()) {
    model::Api api = metered_api();
    api.gw.usage_plans["free"].throttle = throttle(1e9, 1000000000);
    api.gw.usage_plans["free"].quota = model::Quota{1000000000, 0, "DAY"};
    api.gw.account_throttle = throttle(1e9, 1000000000);  // the account's 10 000/s would bite
    api.gw.stages[0].cache_enabled = true;
    model::MethodSetting cached;
    cached.caching_enabled = true;
    api.gw.stages[0].method_settings["/health/GET"] = cached;
    SystemClock clock;
    SeededRandom random(7);
    Gateway gateway(std::make_shared<const model::Api>(api), GatewayDeps{&clock, &random, nullptr});
    constexpr int kCount = 200000;
    auto time = [&](const Request& req, const char* what) {
      int ok = 0;
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kCount; ++i) {
        ok += gateway.handle(req).status == 200 ? 1 : 0;
      }
      CHECK(ok == kCount);
      double us =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count();
      std::printf("%s: %.3f us/request\n", what, us / kCount);
    };
    time(request("GET", "/prod/health"), "cache hit (GET /health cached)");
    time(keyed(), "api key + plan throttle + quota + stage + account (mock)");
  }
}
