#include "core/pipeline/cache_step.h"

#include <doctest/doctest.h>

#include "core/pipeline/exchange.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using namespace std::chrono_literals;

namespace {

model::Api cached_api(std::vector<std::string> key_params = {"method.request.path.id"}) {
  model::Integration get =
      http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/events/{id}", "GET");
  get.cache_key_parameters = std::move(key_params);
  model::Operation op = operation("GET", "/events/{id}", get);
  model::Integration post_integ =
      http_integration(model::IntegrationType::HttpProxy, "http://127.0.0.1:9/events", "POST");
  model::Api api = rest_api({op, operation("POST", "/events", post_integ)});
  model::StageConfig prod;
  prod.name = "prod";
  prod.cache_enabled = true;
  model::MethodSetting s;
  s.caching_enabled = true;
  s.cache_ttl_seconds = 60;
  prod.method_settings["/events/{id}/GET"] = s;
  api.gw.stages = {prod};
  return api;
}

Response answer(std::string body) { return Response{200, {}, std::move(body)}; }

}  // namespace

TEST_SUITE("gw::pipeline::CacheStep") {
  TEST_CASE("repeated reads are answered from the cache until the TTL ends") {
    GatewayFixture f(cached_api());
    f.http.next = answer("event 1");
    CHECK(f.handle(request("GET", "/prod/events/1")).body == "event 1");
    f.http.next = answer("changed");
    Response hit = f.handle(request("GET", "/prod/events/1"));
    CHECK(hit.body == "event 1");
    CHECK(hit.headers.get("x-amzn-RequestId") == f.log.request_id);  // its own request id
    CHECK(f.http.calls.size() == 1);
    f.clock.advance(61s);
    CHECK(f.handle(request("GET", "/prod/events/1")).body == "changed");
    CHECK(f.http.calls.size() == 2);
  }

  TEST_CASE("the request log says whether the cache answered (gw serve's line, /metrics)") {
    GatewayFixture f(cached_api());
    f.http.next = answer("event 1");
    f.handle(request("GET", "/prod/events/1"));
    CHECK(f.log.cache == CacheOutcome::Miss);
    f.handle(request("GET", "/prod/events/1"));
    CHECK(f.log.cache == CacheOutcome::Hit);
    f.handle(request("POST", "/prod/events"));
    CHECK(f.log.cache == CacheOutcome::None);  // not a cached method
  }

  TEST_CASE("cacheKeyParameters keep distinct ids apart") {
    GatewayFixture f(cached_api());
    f.http.next = answer("one");
    f.handle(request("GET", "/prod/events/1"));
    f.http.next = answer("two");
    CHECK(f.handle(request("GET", "/prod/events/2")).body == "two");
    CHECK(f.handle(request("GET", "/prod/events/1")).body == "one");
    CHECK(f.http.calls.size() == 2);
  }

  TEST_CASE("without cacheKeyParameters every caller of the method shares one entry, as on AWS") {
    GatewayFixture f(cached_api({}));
    f.http.next = answer("alice's data");
    f.handle(request("GET", "/prod/events/alice"));
    CHECK(f.handle(request("GET", "/prod/events/bob")).body == "alice's data");
  }

  TEST_CASE("only GET is cached by default; errors are not stored") {
    GatewayFixture f(cached_api());
    f.http.next = answer("created");
    f.handle(request("POST", "/prod/events"));
    f.handle(request("POST", "/prod/events"));
    CHECK(f.http.calls.size() == 2);
    f.http.next = Response{500, {}, "boom"};
    f.handle(request("GET", "/prod/events/9"));
    f.http.next = answer("fine");
    CHECK(f.handle(request("GET", "/prod/events/9")).body == "fine");
  }

  TEST_CASE("a TTL of 0 or a stage without cache disables caching") {
    model::Api api = cached_api();
    api.gw.stages[0].method_settings["/events/{id}/GET"].cache_ttl_seconds = 0;
    GatewayFixture f(api);
    f.http.next = answer("x");
    f.handle(request("GET", "/prod/events/1"));
    f.handle(request("GET", "/prod/events/1"));
    CHECK(f.http.calls.size() == 2);
    api = cached_api();
    api.gw.stages[0].cache_enabled = false;
    GatewayFixture g(api);
    g.http.next = answer("x");
    g.handle(request("GET", "/prod/events/1"));
    g.handle(request("GET", "/prod/events/1"));
    CHECK(g.http.calls.size() == 2);
  }

  TEST_CASE("Cache-Control max-age=0 needs authorization: SUCCEED_WITH_RESPONSE_HEADER") {
    GatewayFixture f(cached_api());
    f.http.next = answer("old");
    f.handle(request("GET", "/prod/events/1"));
    f.http.next = answer("new");
    Request bust = request("GET", "/prod/events/1");
    bust.headers.add("Cache-Control", "max-age=0");
    Response r = f.handle(bust);
    CHECK(r.body == "old");  // not authorized: ignored
    CHECK(r.headers.has("Warning"));
    CHECK(f.http.calls.size() == 1);
  }

  TEST_CASE("Cache-Control max-age=0 without requireAuthorizationForCacheControl refreshes") {
    model::Api api = cached_api();
    api.gw.stages[0].method_settings["/events/{id}/GET"].require_authorization_for_cache_control =
        false;
    GatewayFixture f(api);
    f.http.next = answer("old");
    f.handle(request("GET", "/prod/events/1"));
    f.http.next = answer("new");
    Request bust = request("GET", "/prod/events/1");
    bust.headers.add("Cache-Control", "no-cache, max-age=0");
    CHECK(f.handle(bust).body == "new");
    CHECK(f.handle(request("GET", "/prod/events/1")).body == "new");  // replaced
  }

  TEST_CASE("unauthorizedCacheControlHeaderStrategy per method, else from */*; an allowed caller") {
    // MethodSetting.unauthorizedCacheControlHeaderStrategy: FAIL_WITH_403 |
    // SUCCEED_WITH_RESPONSE_HEADER (the default) | SUCCEED_WITHOUT_RESPONSE_HEADER.
    auto run = [](const std::string& own, const std::string& any, const std::string& key) {
      model::Api api = cached_api();
      auto& settings = api.gw.stages[0].method_settings;
      settings["/events/{id}/GET"].unauthorized_cache_control_header_strategy = own;
      settings["*/*"].unauthorized_cache_control_header_strategy = any;
      model::Identity ci;
      ci.name = "ci";
      ci.access_key_id = "AKIDEXAMPLE";
      ci.allow = {"execute-api:InvalidateCache"};
      api.gw.identities["ci"] = ci;
      StepDeps deps(api);
      pipeline::CacheStep step(api);
      Request bust = request("GET", "/prod/events/1");
      bust.headers.add("Cache-Control", "max-age=0");
      pipeline::Exchange ex(bust, deps.shared, false);
      ex.stage_name = "prod";
      ex.route = router::RouteMatch{&api.operations[0], {{"id", "1"}}, "/events/{id}"};
      ex.context.identity.access_key = key;
      pipeline::Flow flow = step.on_request(ex);
      step.on_response(ex);
      return std::make_pair(flow, ex.response);
    };
    auto [flow403, r403] = run("FAIL_WITH_403", "", "");
    CHECK(flow403 == pipeline::Flow::Respond);
    CHECK(r403.status == 403);
    auto [flow_any, r_any] = run("", "FAIL_WITH_403", "");  // the stage-wide */* setting
    CHECK(flow_any == pipeline::Flow::Respond);
    auto [flow_own, r_own] = run("SUCCEED_WITHOUT_RESPONSE_HEADER", "FAIL_WITH_403", "");
    CHECK(flow_own == pipeline::Flow::Continue);  // the method's own setting wins
    CHECK(!r_own.headers.has("Warning"));
    auto [flow_default, r_default] = run("", "", "");
    CHECK(flow_default == pipeline::Flow::Continue);
    CHECK(r_default.headers.has("Warning"));  // SUCCEED_WITH_RESPONSE_HEADER
    auto [flow_ok, r_ok] = run("FAIL_WITH_403", "", "AKIDEXAMPLE");
    CHECK(flow_ok == pipeline::Flow::Continue);  // allowed execute-api:InvalidateCache
    CHECK(!r_ok.headers.has("Warning"));
  }

  TEST_CASE("CacheHitCount and CacheMissCount are counted per stage and method") {
    model::Api api = cached_api();
    StepDeps deps(api);
    pipeline::CacheStep step(api);
    router::RouteMatch m{&api.operations[0], {{"id", "7"}}, "/events/{id}"};
    Request req = request("GET", "/prod/events/7");
    for (int i = 0; i < 3; ++i) {
      pipeline::Exchange ex(req, deps.shared, false);
      ex.stage_name = "prod";
      ex.route = m;
      if (step.on_request(ex) == pipeline::Flow::Continue) {
        ex.integration_response = answer("seven");
        ex.response = answer("seven");
        ex.has_response = true;
      }
      step.on_response(ex);
    }
    std::vector<pipeline::CacheMetric> metrics = step.metrics();
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].stage == "prod");
    CHECK(metrics[0].method == "GET /events/{id}");
    CHECK(metrics[0].misses == 1);
    CHECK(metrics[0].hits == 2);
    CHECK(step.stage_cache("prod")->entries() == 1);
  }
}
