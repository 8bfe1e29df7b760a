#include "core/observe/metrics.h"

#include <doctest/doctest.h>

#include <string>

#include "core/observe/admin.h"
#include "tests/support/gateway_fixture.h"

namespace gw::observe {
namespace {

RequestLog answered(std::string stage, int status, double latency_ms, std::string method = "GET",
                    std::string resource = "/pets") {
  RequestLog log;
  log.stage = std::move(stage);
  log.status = status;
  log.latency_ms = latency_ms;
  log.method = std::move(method);
  log.resource_path = std::move(resource);
  return log;
}

model::Api api_with_detailed_get_pets() {
  model::Api api = testing::rest_api({testing::operation("GET", "/pets", std::nullopt),
                                      testing::operation("POST", "/pets", std::nullopt),
                                      testing::operation("ANY", "/any", std::nullopt)});
  model::StageConfig prod;
  prod.name = "prod";
  prod.method_settings["/pets/GET"].metrics_enabled = true;
  prod.method_settings["/any/*"].metrics_enabled = true;
  api.gw.stages.push_back(prod);
  return api;
}

TEST_SUITE("gw::observe::LatencyHistogram") {
  TEST_CASE("buckets are cumulative and the +Inf bucket counts everything") {
    LatencyHistogram h;
    h.add(0.0005);  // <= 1 ms
    h.add(0.001);   // on a bound: in that bucket (le is "less than or equal")
    h.add(0.2);     // <= 0.25
    h.add(100);     // past every finite bound
    CHECK(h.count() == 4);
    CHECK(h.cumulative(2) == 1);  // <= 0.5 ms
    CHECK(h.cumulative(3) == 2);  // <= 1 ms
    CHECK(h.cumulative(9) == 2);  // <= 0.1 s
    CHECK(h.cumulative(10) == 3);  // <= 0.25 s
    CHECK(h.cumulative(LatencyHistogram::kBounds.size() - 1) == 3);
    CHECK(h.cumulative(LatencyHistogram::kBounds.size()) == 4);
    CHECK(h.sum() == doctest::Approx(100.2015));
  }

  TEST_CASE("quantiles as Prometheus's histogram_quantile: linear within the bucket") {
    LatencyHistogram h;
    CHECK(h.quantile(0.5) == 0);
    for (int i = 0; i < 100; ++i) {
      h.add(0.003);  // all in (2.5 ms, 5 ms]
    }
    // rank 50 of 100 in a bucket holding all 100: halfway from 2.5 ms to 5 ms.
    CHECK(h.quantile(0.5) == doctest::Approx(0.00375));
    CHECK(h.quantile(1.0) == doctest::Approx(0.005));
    h.add(1000);
    CHECK(h.quantile(1.0) == doctest::Approx(30));  // in +Inf: the largest finite bound
  }
}

TEST_SUITE("gw::observe::ServeMetrics") {
  TEST_CASE("Count, 4XXError, 5XXError, cache counts per stage; a canary apart") {
    ServeMetrics m;
    m.set_api(api_with_detailed_get_pets());
    m.count(answered("prod", 200, 1));
    RequestLog hit = answered("prod", 200, 1, "POST");
    hit.cache = CacheOutcome::Hit;
    m.count(hit);
    RequestLog miss = answered("prod", 404, 1, "POST");
    miss.cache = CacheOutcome::Miss;
    m.count(miss);
    m.count(answered("prod", 502, 1));
    RequestLog canary = answered("prod", 200, 1, "POST");
    canary.canary = true;
    m.count(canary);
    m.count(answered("", 403, 1));  // no stage reached: counted nowhere
    const auto all = m.snapshot();
    REQUIRE(all.size() == 3);
    CHECK(all[0].stage == "prod");
    CHECK_FALSE(all[0].canary);
    CHECK(all[0].resource.empty());
    CHECK(all[0].counts.count == 4);
    CHECK(all[0].counts.client_errors == 1);
    CHECK(all[0].counts.server_errors == 1);
    CHECK(all[0].counts.cache_hits == 1);
    CHECK(all[0].counts.cache_misses == 1);
    CHECK(all[1].canary);
    CHECK(all[1].counts.count == 1);
    // Only GET /pets has detailed metrics on.
    CHECK(all[2].method == "GET");
    CHECK(all[2].resource == "/pets");
    CHECK(all[2].counts.count == 2);
    CHECK(all[2].counts.server_errors == 1);
  }

  TEST_CASE("an ANY method's detailed series is the ANY method, whatever the client sent") {
    ServeMetrics m;
    m.set_api(api_with_detailed_get_pets());
    m.count(answered("prod", 200, 1, "PATCH", "/any"));
    m.count(answered("prod", 200, 1, "MADEUP", "/any"));
    const auto all = m.snapshot();
    REQUIRE(all.size() == 2);
    CHECK(all[1].method == "ANY");
    CHECK(all[1].counts.count == 2);
  }

  TEST_CASE("HTTP APIs: the route is the series, methodSettings keyed by route key") {
    model::Api api = api_with_detailed_get_pets();
    api.type = model::ApiType::Http;
    api.gw.stages[0].method_settings.clear();
    api.gw.stages[0].method_settings["GET /pets"].metrics_enabled = true;
    ServeMetrics m;
    m.set_api(api);
    m.count(answered("prod", 200, 1, "GET", "GET /pets"));
    const auto all = m.snapshot();
    REQUIRE(all.size() == 2);
    CHECK(all[1].method.empty());
    CHECK(all[1].resource == "GET /pets");
    const std::string text = m.prometheus(0);
    CHECK(text.find("gw_method_count_total{api=\"" + pipeline::derive_api_id("PetStore") +
                    "\",stage=\"prod\",canary=\"false\",route=\"GET /pets\"} 1\n") !=
          std::string::npos);
  }

  TEST_CASE("Prometheus text: HELP and TYPE per family, histogram buckets, labels escaped") {
    model::Api api = api_with_detailed_get_pets();
    api.title = "Pet \"Store\"";
    ServeMetrics m;
    m.set_api(api);
    RequestLog log = answered("prod", 200, 3);
    log.integration_latency_ms = 2;
    m.count(log);
    const std::string text = m.prometheus(7);
    const std::string stage = "{api=\"Pet \\\"Store\\\"\",stage=\"prod\",canary=\"false\"}";
    CHECK(text.find("# HELP gw_count_total CloudWatch Count: API requests of a stage.\n"
                    "# TYPE gw_count_total counter\ngw_count_total" +
                    stage + " 1\n") != std::string::npos);
    CHECK(text.find("# TYPE gw_latency_seconds histogram\n") != std::string::npos);
    CHECK(text.find("gw_latency_seconds_bucket{api=\"Pet \\\"Store\\\"\",stage=\"prod\","
                    "canary=\"false\",le=\"0.0025\"} 0\n") != std::string::npos);
    CHECK(text.find("gw_latency_seconds_bucket{api=\"Pet \\\"Store\\\"\",stage=\"prod\","
                    "canary=\"false\",le=\"0.005\"} 1\n") != std::string::npos);
    CHECK(text.find("gw_latency_seconds_bucket{api=\"Pet \\\"Store\\\"\",stage=\"prod\","
                    "canary=\"false\",le=\"+Inf\"} 1\n") != std::string::npos);
    CHECK(text.find("gw_latency_seconds_sum" + stage + " 0.003\n") != std::string::npos);
    CHECK(text.find("gw_integration_latency_seconds_count" + stage + " 1\n") != std::string::npos);
    CHECK(text.find("gw_method_count_total{api=\"Pet \\\"Store\\\"\",stage=\"prod\","
                    "canary=\"false\",method=\"GET\",resource=\"/pets\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("gw_open_connections 7\n") != std::string::npos);
    CHECK(text.back() == '\n');
  }

  TEST_CASE("no detailed series: no gw_method_ families at all") {
    ServeMetrics m;
    m.set_api(testing::rest_api({}));
    m.count(answered("prod", 200, 1));
    CHECK(m.prometheus(0).find("gw_method_") == std::string::npos);
  }

  TEST_CASE("JSON view and the lines printed at the end") {
    ServeMetrics m;
    m.set_api(api_with_detailed_get_pets());
    for (int i = 0; i < 10; ++i) {
      m.count(answered("prod", 200, 3));
    }
    const std::string json = m.json();
    CHECK(json.find("\"api\":\"PetStore\",\"apiType\":\"REST\"") != std::string::npos);
    CHECK(json.find("\"stages\":[{\"stage\":\"prod\",\"canary\":false,\"Count\":10,"
                    "\"4XXError\":0,\"5XXError\":0,\"CacheHitCount\":0,\"CacheMissCount\":0,"
                    "\"Latency\":{\"count\":10,\"averageMs\":3,\"p50Ms\":3.75,") !=
          std::string::npos);
    CHECK(json.find("\"methods\":[{\"stage\":\"prod\",\"canary\":false,\"method\":\"GET\","
                    "\"resource\":\"/pets\",\"Count\":10") != std::string::npos);
    const auto lines = m.summary_lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] ==
          "metrics prod: Count 10, 4XXError 0, 5XXError 0, Latency p50 3.8 ms p99 "
          "5.0 ms");
  }

  TEST_CASE("counters survive set_api (a reload)") {
    ServeMetrics m;
    m.set_api(api_with_detailed_get_pets());
    m.count(answered("prod", 200, 1));
    m.set_api(testing::rest_api({}));
    m.count(answered("prod", 200, 1));
    REQUIRE(m.snapshot().size() == 2);  // the earlier detailed series stays
    CHECK(m.snapshot()[0].counts.count == 2);
  }
}

TEST_SUITE("gw::observe::ServeMetrics history (the dashboard)") {
  TEST_CASE("off by default; then 5-second slots over 5 minutes, routes, last requests") {
    ServeMetrics m;
    m.set_api(api_with_detailed_get_pets());
    const int64_t t0 = 1'800'000'000'000;  // a slot boundary (divisible by 5 000)
    RequestLog first = answered("prod", 200, 2);
    first.request_time_epoch = t0;
    m.count(first);
    CHECK(m.dashboard_json(t0).find("\"recent\":[]") != std::string::npos);
    m.keep_history(true);
    for (int i = 0; i < 3; ++i) {
      RequestLog log = answered("prod", i == 2 ? 500 : 200, 2);
      log.request_time_epoch = t0 + 1000 * i;  // the same slot
      log.request_id = "id-" + std::to_string(i);
      log.trace = {"route: GET /pets", "integration: mock"};
      log.cache = i == 1 ? CacheOutcome::Hit : CacheOutcome::Miss;
      log.reason = i == 2 ? "boom" : "";
      m.count(log);
    }
    RequestLog later = answered("prod", 404, 2, "GET", "");
    later.request_time_epoch = t0 + 7000;  // the next slot
    m.count(later);
    const std::string json = m.dashboard_json(t0 + 7000);
    // 60 slots; the last two hold the requests.
    CHECK(json.find("{\"t\":" + std::to_string(t0) + ",\"count\":3,\"4xx\":0,\"5xx\":1,"
                    "\"cacheHits\":1,\"cacheMisses\":2,") != std::string::npos);
    CHECK(json.find("{\"t\":" + std::to_string(t0 + 5000) + ",\"count\":1,\"4xx\":1,") !=
          std::string::npos);
    CHECK(json.find("{\"t\":" + std::to_string(t0 - 290000) + ",\"count\":0,") !=
          std::string::npos);
    CHECK(json.find("{\"route\":\"prod (no route)\",\"count\":1,") != std::string::npos);
    CHECK(json.find("{\"route\":\"prod GET /pets\",\"count\":3,") != std::string::npos);
    // A route's own series: 60 slots of [requests, errors, p99 ms], its requests in the last two.
    const size_t pets = json.find("{\"route\":\"prod GET /pets\"");
    const size_t series = json.find("\"series\":[", pets);
    REQUIRE(series != std::string::npos);
    CHECK(json.find("[0,0,0],[3,1,", series) != std::string::npos);
    CHECK(json.find("],[0,0,0]]}", series) != std::string::npos);  // the newest slot: none
    // Newest first, with its decisions and trace.
    const size_t recent = json.find("\"recent\":[");
    REQUIRE(recent != std::string::npos);
    CHECK(json.find("\"status\":404", recent) < json.find("\"requestId\":\"id-2\"", recent));
    CHECK(json.find("\"decisions\":\"cache miss; boom\",\"trace\":[\"route: GET /pets\","
                    "\"integration: mock\"]") != std::string::npos);
    // Five minutes later the old slots are out of the window.
    CHECK(m.dashboard_json(t0 + 400000).find("\"count\":3") == std::string::npos);
  }

  TEST_CASE("the last requests are a ring of kRecent") {
    ServeMetrics m;
    m.keep_history(true);
    for (size_t i = 0; i < ServeMetrics::kRecent + 5; ++i) {
      RequestLog log = answered("prod", 200, 1);
      log.request_id = "r" + std::to_string(i);
      m.count(log);
    }
    const std::string json = m.dashboard_json(0);
    CHECK(json.find("\"requestId\":\"r4\"") == std::string::npos);
    CHECK(json.find("\"requestId\":\"r5\"") != std::string::npos);
    CHECK(json.find("\"requestId\":\"r" + std::to_string(ServeMetrics::kRecent + 4) + "\"") <
          json.find("\"requestId\":\"r5\""));
  }
}

TEST_SUITE("gw::observe::admin_answer") {
  TEST_CASE("metrics, JSON, health; 404 and 405 otherwise") {
    ServeMetrics m;
    m.set_api(testing::rest_api({}));
    const AdminView view{&m, 2};
    Response r = admin_answer(testing::request("GET", "/metrics"), view);
    CHECK(r.status == 200);
    CHECK(r.headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(r.body.find("gw_open_connections 2\n") != std::string::npos);
    r = admin_answer(testing::request("GET", "/metrics.json"), view);
    CHECK(r.headers.get("Content-Type") == "application/json");
    CHECK(r.body.rfind("{\"api\":\"PetStore\"", 0) == 0);
    r = admin_answer(testing::request("HEAD", "/health"), view);
    CHECK(r.status == 200);
    CHECK(r.body == "{\"status\":\"ok\"}\n");
    r = admin_answer(testing::request("GET", "/dashboard"), view);
    CHECK(r.headers.get("Content-Type") == "text/html; charset=utf-8");
    CHECK(r.body.find("fetch(\"/dashboard.json\"") != std::string::npos);
    CHECK(admin_answer(testing::request("GET", "/"), view).body == r.body);
    r = admin_answer(testing::request("GET", "/dashboard.json"), view);
    CHECK(r.body.rfind("{\"api\":\"PetStore\",\"slotSeconds\":5,", 0) == 0);
    r = admin_answer(testing::request("GET", "/pets"), view);
    CHECK(r.status == 404);
    r = admin_answer(testing::request("POST", "/metrics"), view);
    CHECK(r.status == 405);
    CHECK(r.headers.get("Allow") == "GET, HEAD");
  }
}

}  // namespace
}  // namespace gw::observe
