#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/replay/recorder.h"
#include "core/replay/replayer.h"
#include "core/replay/report.h"
#include "core/replay/update.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::replay;
using namespace gw::testing;

namespace {

model::Api sample_api(std::string mock_body = R"({"ok":true})") {
  return rest_api({
      operation("GET", "/pets", mock_integration(R"({"statusCode": 200})", "200", mock_body)),
      operation("GET", "/items/{id}",
                http_integration(model::IntegrationType::HttpProxy, "http://b.test/items/{id}")),
  });
}

std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "gw-replay-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::filesystem::remove(path);
  return path.string();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Records `count` requests (alternating mock and HTTP) against api into path.
void record(const model::Api& api, const std::string& path, int count) {
  GatewayFixture f(api);
  f.http.next.status = 200;
  f.http.next.headers.add("Content-Type", "application/json");
  f.http.next.body = R"({"item":"from backend"})";
  SeededRandom ids(7);
  auto recorder = Recorder::open({path, false, {}}, ids);
  REQUIRE(recorder);
  // A gateway whose random source is the recorder's, as gw serve --record builds it.
  Gateway gateway(std::make_shared<const model::Api>(api),
                  GatewayDeps{&f.clock, (*recorder)->random(), &f.http}, {});
  for (int i = 0; i < count; ++i) {
    f.clock.advance(std::chrono::milliseconds(1500));
    Request r = i % 2 == 0 ? request("GET", "/local/pets")
                           : request("GET", "/local/items/" + std::to_string(i), "q=1");
    r.headers.add("Host", "localhost");
    (*recorder)->handle(gateway, r, nullptr);
  }
  CHECK((*recorder)->written() == static_cast<size_t>(count));
}

std::vector<const Entry*> pointers(const LoadedFile& f) {
  std::vector<const Entry*> out;
  for (const auto& e : f.entries) {
    out.push_back(&e);
  }
  return out;
}

}  // namespace

TEST_SUITE("gw::replay::replayer") {
  TEST_CASE("a recorded session replays green offline, integration answers from the file") {
    const std::string path = temp_path("green.jsonl");
    record(sample_api(), path, 4);
    auto f = load_file(path);
    REQUIRE(f);
    REQUIRE(f->entries.size() == 4);
    CHECK(f->entries[0].exchange.route == "GET /pets");
    REQUIRE(f->entries[1].exchange.integrations.size() == 1);
    CHECK(f->entries[1].exchange.integrations[0].target == "GET http://b.test/items/1?q=1");
    auto api = std::make_shared<const model::Api>(sample_api());
    auto results = run_replay(api, pointers(*f), {});
    const Summary s = summarize(results);
    CHECK(s.passed == 4);
    CHECK(s.failed == 0);
    CHECK(report_text(results) == "4 passed, 0 failed\n");
  }

  TEST_CASE("request ids are seeded from the exchange id: identical to the recording") {
    const std::string path = temp_path("ids.jsonl");
    record(sample_api(), path, 2);
    auto f = load_file(path);
    REQUIRE(f);
    auto api = std::make_shared<const model::Api>(sample_api());
    auto results = run_replay(api, pointers(*f), {});
    REQUIRE(results.size() == 2);
    auto recorded = f->entries[0].exchange.response.headers.get("x-amzn-RequestId");
    REQUIRE(recorded);
    CHECK(results[0].actual.headers.get("x-amzn-RequestId") == recorded);
  }

  TEST_CASE("a changed template is a mismatch with the exact diff, and --update fixes it") {
    const std::string path = temp_path("changed.jsonl");
    record(sample_api(), path, 2);
    const std::string before = read_all(path);
    auto f = load_file(path);
    REQUIRE(f);
    auto changed = std::make_shared<const model::Api>(sample_api(R"({"ok":false})"));
    auto results = run_replay(changed, pointers(*f), {});
    REQUIRE(results[0].outcome == Outcome::Failed);
    CHECK(results[1].outcome == Outcome::Passed);
    REQUIRE(results[0].problems.size() == 1);
    CHECK(results[0].problems[0] ==
          "body differs (as JSON):\n--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n {\n"
          "-  \"ok\": true\n+  \"ok\": false\n }\n");
    const std::string text = report_text(results);
    CHECK(text.starts_with("FAIL GET /local/pets  (" + path + ":1, id "));
    CHECK(text.ends_with("1 passed, 1 failed\n"));

    auto stats = update_recordings(results, false);
    REQUIRE(stats);
    CHECK(stats->exchanges == 1);
    const std::string after = read_all(path);
    // Line 2 is untouched byte for byte; line 1 only changes its response.
    CHECK(after.substr(after.find('\n')) == before.substr(before.find('\n')));
    CHECK(after.find(R"({\"ok\":false})") != std::string::npos);
    auto again = load_file(path);
    REQUIRE(again);
    CHECK(summarize(run_replay(changed, pointers(*again), {})).failed == 0);
  }

  TEST_CASE("a call the pipeline no longer makes, or one not recorded, is a mismatch") {
    const std::string path = temp_path("calls.jsonl");
    record(sample_api(), path, 2);
    auto f = load_file(path);
    REQUIRE(f);
    // The route now goes to a different backend URL.
    auto moved = std::make_shared<const model::Api>(rest_api({
        operation("GET", "/pets", mock_integration()),
        operation("GET", "/items/{id}",
                  http_integration(model::IntegrationType::HttpProxy, "http://c.test/{id}")),
    }));
    auto results = run_replay(moved, pointers(*f), {});
    REQUIRE(results[1].outcome == Outcome::Failed);
    const auto& p = results[1].problems;
    REQUIRE(p.size() >= 3);
    CHECK(p[0] == "integration call not in the recording: GET http://c.test/1?q=1\n");
    CHECK(p[1] == "recorded http_proxy call not made: GET http://b.test/items/1?q=1\n");
    CHECK(p[2] == "status: expected 200, got 500\n");
  }

  TEST_CASE("results are the same for any --jobs, and shards partition the work") {
    const std::string path = temp_path("jobs.jsonl");
    record(sample_api(), path, 40);
    auto f = load_file(path);
    REQUIRE(f);
    auto api = std::make_shared<const model::Api>(sample_api(R"({"ok":"$context.requestId"})"));
    ReplayOptions one;
    ReplayOptions eight;
    eight.jobs = 8;
    const auto a = run_replay(api, pointers(*f), one);
    const auto b = run_replay(api, pointers(*f), eight);
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].entry == b[i].entry);
      CHECK(a[i].outcome == b[i].outcome);
      CHECK(a[i].actual.body == b[i].actual.body);
      CHECK(a[i].problems == b[i].problems);
    }
    CHECK(report_json(a) != "");
    size_t total = 0;
    for (int s = 1; s <= 3; ++s) {
      auto part = shard_of(pointers(*f), s, 3);
      total += part.size();
      CHECK(part.front() == &f->entries[static_cast<size_t>(s - 1)]);
    }
    CHECK(total == 40);
  }

  TEST_CASE("--filter runs matching routes and skips the rest") {
    const std::string path = temp_path("filter.jsonl");
    record(sample_api(), path, 4);
    auto f = load_file(path);
    REQUIRE(f);
    ReplayOptions o;
    o.filters = {"GET /items/*"};
    auto results = run_replay(std::make_shared<const model::Api>(sample_api()), pointers(*f), o);
    const Summary s = summarize(results);
    CHECK(s.passed == 2);
    CHECK(s.skipped == 2);
    CHECK(summary_line(s) == "2 passed, 0 failed, 2 skipped");
  }
}

TEST_SUITE("gw::replay::replayer canary") {
  // A stage with a 30 % canary whose mock answers differ: the recording marks each canary
  // request; replay sends exactly those to the canary again, whatever it draws now.
  TEST_CASE("each recorded pick of a canary release is replayed as recorded") {
    const std::string path = temp_path("canary.jsonl");
    const model::Api stage_api = sample_api(R"({"v":1})");
    pipeline::CanaryModel canary{
        "local", 30, false,
        pipeline::canary_api(sample_api(R"({"v":2})"), stage_api.gw, "local", {}, "dep2")};
    {
      FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023)));
      FakeHttpClient http;
      SeededRandom ids(7);
      auto recorder = Recorder::open({path, false, {}}, ids);
      REQUIRE(recorder);
      auto split = pipeline::CanarySplit::build(std::make_shared<const model::Api>(stage_api),
                                                {canary},
                                                GatewayDeps{&clock, (*recorder)->random(), &http},
                                                {});
      for (int i = 0; i < 40; ++i) {
        const Request r = request("GET", "/local/pets");
        (*recorder)->handle(split->pick(r), r, nullptr);
      }
    }
    auto f = load_file(path);
    REQUIRE(f);
    REQUIRE(f->entries.size() == 40);
    int canaries = 0;
    for (const Entry& e : f->entries) {
      CHECK(e.exchange.canary == (e.exchange.response.body == R"({"v":2})"));
      CHECK(e.exchange.canary_deployment_id == (e.exchange.canary ? "dep2" : ""));
      canaries += e.exchange.canary ? 1 : 0;
    }
    CHECK(canaries > 0);
    CHECK(canaries < 40);

    ReplayOptions o;
    o.canaries = {canary};
    o.canaries[0].percent = 0;  // today's share does not matter: the recorded pick does
    auto results = run_replay(std::make_shared<const model::Api>(stage_api), pointers(*f), o);
    CHECK(summarize(results).passed == 40);

    // Without the canary, its exchanges cannot be replayed as recorded.
    auto without = run_replay(std::make_shared<const model::Api>(stage_api), pointers(*f), {});
    CHECK(summarize(without).failed == canaries);
    for (const auto& r : without) {
      if (r.entry->exchange.canary) {
        REQUIRE_FALSE(r.problems.empty());
        CHECK(r.problems.front().find("which has no canary now") != std::string::npos);
      }
    }
  }
}
