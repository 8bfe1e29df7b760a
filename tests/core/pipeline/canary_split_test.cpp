#include "core/pipeline/canary_split.h"

#include <doctest/doctest.h>

#include <cmath>
#include <deque>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

// AWS facts cited (fact 69, AWS_BEHAVIOUR.md):
// - "total API traffic is separated at random into a production release and a canary release
//   with a pre-configured ratio" (developerguide/canary-release.html);
// - stageVariableOverrides "can override existing stage variables or add new stage variables
//   for the canary release deployment" (api/API_DeploymentCanarySettings);
// - useStageCache: "whether the canary release deployment uses the stage cache or not";
// - $context.isCanaryRequest is true when the request went to the canary, false when not,
//   and present only when a canary is enabled (developerguide mapping-template reference).

namespace {

/// Draws from a list, counting them.
class ListRandom final : public Random {
 public:
  explicit ListRandom(std::deque<uint64_t> values) : values_(std::move(values)) {}
  uint64_t next() override {
    ++draws;
    uint64_t v = values_.empty() ? 0 : values_.front();
    if (!values_.empty()) {
      values_.pop_front();
    }
    return v;
  }
  int draws = 0;

 private:
  std::deque<uint64_t> values_;
};

constexpr const char* kContextTemplate =
    R"({"v":"$stageVariables.v","only":"$stageVariables.only",)"
    R"("canary":"$context.isCanaryRequest","deployment":"$context.deploymentId"})";

model::Api versioned_api(const std::string& version) {
  model::Integration mock = mock_integration(
      "{\"statusCode\": 200}", "200",
      std::string("{\"version\":\"") + version + "\",\"ctx\":" + kContextTemplate + "}");
  model::Api api = rest_api({operation("GET", "/pets", mock, "listPets")});
  api.deployment_id = "dep" + version;
  model::StageConfig prod;
  prod.name = "prod";
  prod.variables = {{"v", "stage"}};
  model::StageConfig dev;
  dev.name = "dev";
  api.gw.stages = {prod, dev};
  return api;
}

struct SplitFixture {
  explicit SplitFixture(double percent, std::map<std::string, std::string> overrides = {},
                        uint64_t seed = 7)
      : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023))),
        random(seed) {
    const model::Api primary = versioned_api("1");
    const model::Api deployed = versioned_api("2");
    pipeline::CanaryModel c;
    c.stage = "prod";
    c.percent = percent;
    c.api = pipeline::canary_api(deployed, primary.gw, "prod", overrides, "dep2");
    split = pipeline::CanarySplit::build(std::make_shared<const model::Api>(primary), {c},
                                         GatewayDeps{&clock, &random, &http}, GatewayOptions{});
  }
  Response handle(const std::string& path) {
    log = RequestLog{};
    return split->handle(request("GET", path), &log);
  }
  FakeClock clock;
  SeededRandom random;
  FakeHttpClient http;
  std::shared_ptr<const pipeline::CanarySplit> split;
  RequestLog log;
};

bool served_by_canary(const Response& r) {
  return r.body.find("\"version\":\"2\"") != std::string::npos;
}

}  // namespace

TEST_SUITE("gw::pipeline::CanarySplit") {
  TEST_CASE("canary_draw: 0 % and 100 % decide without drawing; between, one uniform draw") {
    ListRandom r({});
    CHECK_FALSE(pipeline::canary_draw(r, 0));
    CHECK(pipeline::canary_draw(r, 100));
    CHECK(r.draws == 0);
    // 2^63 - 1 is just under one half of the range, 2^63 is one half.
    ListRandom halves({(uint64_t{1} << 63) - 2048, uint64_t{1} << 63, 0, ~uint64_t{0}});
    CHECK(pipeline::canary_draw(halves, 50));
    CHECK_FALSE(pipeline::canary_draw(halves, 50));
    CHECK(pipeline::canary_draw(halves, 0.001));  // the smallest draw is in any share
    CHECK_FALSE(pipeline::canary_draw(halves, 99.999));  // the largest in none short of 100
    CHECK(halves.draws == 4);
  }

  TEST_CASE("over many draws the share matches percentTraffic") {
    for (double percent : {1.0, 10.0, 50.0, 92.5}) {
      SeededRandom r(11);
      int hits = 0;
      constexpr int kDraws = 200000;
      for (int i = 0; i < kDraws; ++i) {
        hits += pipeline::canary_draw(r, percent) ? 1 : 0;
      }
      // 5 standard deviations of a binomial share at this many draws, at most 0.56 points.
      const double share = 100.0 * hits / kDraws;
      const double sd = 100.0 * std::sqrt(percent / 100 * (1 - percent / 100) / kDraws);
      CHECK(std::abs(share - percent) < 5 * sd);
    }
  }

  TEST_CASE("a 10 % canary serves about a tenth of its stage's requests, none of the others'") {
    SplitFixture f(10);
    int canary = 0;
    for (int i = 0; i < 1000; ++i) {
      Response r = f.handle("/prod/pets");
      REQUIRE(r.status == 200);
      CHECK(f.log.canary == served_by_canary(r));
      canary += f.log.canary ? 1 : 0;
    }
    CHECK(canary >= 70);  // seeded: the same count every run; the bound is ±3 points
    CHECK(canary <= 130);
    for (int i = 0; i < 200; ++i) {
      CHECK_FALSE(served_by_canary(f.handle("/dev/pets")));
      CHECK_FALSE(f.log.canary);
    }
  }

  TEST_CASE("0 % sends nothing to the canary, 100 % everything") {
    SplitFixture none(0);
    SplitFixture all(100);
    for (int i = 0; i < 50; ++i) {
      CHECK_FALSE(served_by_canary(none.handle("/prod/pets")));
      CHECK(served_by_canary(all.handle("/prod/pets")));
    }
  }

  TEST_CASE("$context.isCanaryRequest and $context.deploymentId say which deployment served") {
    SplitFixture all(100, {{"v", "canary"}, {"only", "new"}});
    Response c = all.handle("/prod/pets");
    CHECK(c.body.find(R"("canary":"true")") != std::string::npos);
    CHECK(c.body.find(R"("deployment":"dep2")") != std::string::npos);
    CHECK(all.log.deployment_id == "dep2");
    CHECK(all.log.canary);

    SplitFixture none(0);
    Response p = none.handle("/prod/pets");
    CHECK(p.body.find(R"("canary":"false")") != std::string::npos);
    CHECK(p.body.find(R"("deployment":"dep1")") != std::string::npos);
    CHECK(none.log.deployment_id == "dep1");
    CHECK_FALSE(none.log.canary);

    // A stage without a canary has no isCanaryRequest (present only with a canary): Velocity
    // renders the reference as its text.
    Response d = none.handle("/dev/pets");
    CHECK(d.body.find(R"("canary":"$context.isCanaryRequest")") != std::string::npos);
  }

  TEST_CASE("stageVariableOverrides: overridden and new variables on the canary only") {
    SplitFixture all(100, {{"v", "canary"}, {"only", "new"}});
    Response c = all.handle("/prod/pets");
    CHECK(c.body.find(R"("v":"canary","only":"new")") != std::string::npos);
    SplitFixture none(0, {{"v", "canary"}, {"only", "new"}});
    Response p = none.handle("/prod/pets");
    // Velocity renders a reference to nothing as its own text.
    CHECK(p.body.find(R"("v":"stage","only":"$stageVariables.only")") != std::string::npos);
  }

  TEST_CASE("canary_api keeps the stage's other variables and adds an undeclared stage") {
    model::Api deployed = versioned_api("2");
    model::GwConfig gw = deployed.gw;
    gw.stages[0].variables = {{"a", "1"}, {"b", "2"}};
    auto api = pipeline::canary_api(deployed, gw, "prod", {{"b", "3"}, {"c", "4"}}, "dep2");
    CHECK(api->gw.stages[0].variables ==
          std::map<std::string, std::string>{{"a", "1"}, {"b", "3"}, {"c", "4"}});
    CHECK(api->deployment_id == "dep2");
    auto other = pipeline::canary_api(deployed, gw, "beta", {{"x", "y"}}, "dep2");
    REQUIRE(other->gw.stages.size() == 3);
    CHECK(other->gw.stages[2].name == "beta");
    CHECK(other->gw.stages[2].variables.at("x") == "y");
  }

  TEST_CASE("the trace says which side of the split a request took") {
    SplitFixture all(100);
    all.handle("/prod/pets");
    REQUIRE_FALSE(all.log.trace.empty());
    CHECK(all.log.trace.front() == "stage: prod (canary)");
  }
}

namespace {

model::Api cached(const std::string& version) {
    model::Integration get = http_integration(model::IntegrationType::HttpProxy,
                                              "http://127.0.0.1:9/v" + version, "GET");
    model::Api api = rest_api({operation("GET", "/events", get)});
    model::StageConfig prod;
    prod.name = "prod";
    prod.cache_enabled = true;
    model::MethodSetting s;
    s.caching_enabled = true;
    s.cache_ttl_seconds = 60;
    prod.method_settings["/events/GET"] = s;
    api.gw.stages = {prod};
    return api;
  }

  // The stage answers (and caches) first; then every request goes to the canary.
  std::string canary_answer_after_stage(bool use_stage_cache) {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023)));
    SeededRandom random(3);
    FakeHttpClient http;
    const model::Api stage = cached("1");
    pipeline::CanaryModel c{"prod", 100, use_stage_cache,
                            pipeline::canary_api(cached("2"), stage.gw, "prod", {}, "dep2")};
    auto split = pipeline::CanarySplit::build(std::make_shared<const model::Api>(stage), {c},
                                              GatewayDeps{&clock, &random, &http}, {});
    http.next = Response{200, {}, "from the stage"};
    CHECK(split->primary().handle(request("GET", "/prod/events")).body == "from the stage");
    http.next = Response{200, {}, "from the canary"};
    RequestLog log;
    std::string body = split->handle(request("GET", "/prod/events"), &log).body;
    CHECK(log.canary);
    return body;
}

}  // namespace

TEST_SUITE("gw::pipeline::CanarySplit useStageCache") {
  TEST_CASE("useStageCache true: the canary reads the stage's cache") {
    CHECK(canary_answer_after_stage(true) == "from the stage");
  }

  TEST_CASE("useStageCache false: the canary has a cache of its own") {
    CHECK(canary_answer_after_stage(false) == "from the canary");
  }
}
