// Deployments: immutable snapshots named by content, stage pointers, drift route by route.

#include "core/deploy/state.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/core/lint/lint_test_util.h"

namespace gw::deploy {
namespace {

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

constexpr const char* kSpec = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      parameters: [{$ref: "#/components/parameters/Limit"}]
      x-amazon-apigateway-integration: {type: mock, responses: {default: {statusCode: "200"}}}
  /orders:
    post:
      x-amazon-apigateway-integration: {type: mock, responses: {default: {statusCode: "201"}}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
x-gw:
  stages: {prod: {variables: {a: b}}}
)";

TEST_SUITE("gw::deploy") {
  TEST_CASE("resolve inlines $refs, drops x-gw, and names the API by content") {
    lint::test::TempDir dir;
    write(dir.path / "api.yaml", kSpec);
    auto r = resolve_spec((dir.path / "api.yaml").string());
    REQUIRE(r);
    CHECK(r->json.find("$ref") == std::string::npos);
    CHECK(r->json.find("\"limit\"") != std::string::npos);
    CHECK(r->json.find("x-gw") == std::string::npos);  // no apiType: nothing of x-gw kept
    CHECK(r->id.size() == 10);
    // Stage settings are not part of the deployment (they are live on AWS).
    std::string changed = kSpec;
    changed.replace(changed.find("{a: b}"), 6, "{a: c}");
    write(dir.path / "api.yaml", changed);
    auto r2 = resolve_spec((dir.path / "api.yaml").string());
    REQUIRE(r2);
    CHECK(r2->id == r->id);
  }

  TEST_CASE("deploy writes an immutable snapshot and points the stage at it") {
    lint::test::TempDir dir;
    write(dir.path / "api.yaml", kSpec);
    auto r = resolve_spec((dir.path / "api.yaml").string());
    REQUIRE(r);
    Store store((dir.path / ".gw").string());
    CHECK_FALSE(store.exists());
    std::filesystem::create_directories(dir.path / ".gw");
    write(dir.path / ".gw" / "usage.json", "{}");  // quota state is not a deployment
    CHECK_FALSE(store.exists());
    auto s = store.deploy(*r, "prod", "first", 1000);
    REQUIRE(s);
    CHECK(store.exists());
    CHECK(std::filesystem::exists(store.snapshot_file(r->id)));
    auto got = store.stage("prod");
    REQUIRE(got);
    REQUIRE(got->has_value());
    CHECK((*got)->deployment_id == r->id);
    CHECK((*got)->description == "first");
    CHECK((*got)->deployed_at_ms == 1000);
    auto none = store.stage("beta");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    CHECK_FALSE(store.deploy(*r, "../evil", "", 0));
    auto all = store.stages();
    REQUIRE(all);
    CHECK(all->size() == 1);
    CHECK(model::state_dir_beside("specs/api.yaml") == "specs/.gw");
  }

  TEST_CASE("drift is reported route by route against the deployed snapshot") {
    lint::test::TempDir dir;
    const auto spec = (dir.path / "api.yaml").string();
    write(spec, kSpec);
    auto first = resolve_spec(spec);
    REQUIRE(first);
    Store store((dir.path / ".gw").string());
    REQUIRE(store.deploy(*first, "prod", "", 0));
    auto same = stage_statuses(store, *first);
    REQUIRE(same);
    CHECK(same->front().drift.empty());

    std::string edited = kSpec;
    edited.replace(edited.find("\"201\""), 5, "\"202\"");  // POST /orders changed
    edited.replace(edited.find("integer"), 7, "string");   // GET /pets via its $ref
    edited.insert(edited.find("components:"),
                  "  /new:\n    get:\n      x-amazon-apigateway-integration: {type: mock}\n");
    write(spec, edited);
    auto second = resolve_spec(spec);
    REQUIRE(second);
    CHECK(second->id != first->id);
    auto drifted = stage_statuses(store, *second);
    REQUIRE(drifted);
    std::vector<std::string> got;
    for (const auto& d : drifted->front().drift) {
      got.push_back(d.route + " " + d.change);
    }
    CHECK(std::find(got.begin(), got.end(), "POST /orders changed") != got.end());
    CHECK(std::find(got.begin(), got.end(), "GET /pets changed") != got.end());
    CHECK(std::find(got.begin(), got.end(), "GET /new added") != got.end());
    CHECK(std::find(got.begin(), got.end(), "(api) components changed") != got.end());
    // The old snapshot is untouched: redeploying the first content gives back its id.
    auto old = store.snapshot_api(first->id);
    REQUIRE(old);
    CHECK(old->find("\"201\"") != std::string::npos);
  }
}

}  // namespace

TEST_SUITE("gw::deploy canary") {
  // AWS: a canary release needs an existing stage (create-canary-deployment); promoting resets
  // the stage's deployment id to the canary's, updates its stage variables with the canary's
  // and sets the canary's share to 0.0% without removing it (promote-canary-deployment);
  // turning it off removes the canary settings (delete-canary-deployment).
  TEST_CASE("deploy_canary, promote_canary and delete_canary act on the stage's record") {
    lint::test::TempDir dir;
    write(dir.path / "api.yaml", kSpec);
    auto v1 = resolve_spec((dir.path / "api.yaml").string());
    REQUIRE(v1);
    Store store((dir.path / ".gw").string());
    CanaryRecord settings;
    settings.percent_traffic = 10;
    settings.stage_variable_overrides = {{"a", "canary"}};
    auto refused = store.deploy_canary(*v1, "prod", settings, 1);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("has no deployment") != std::string::npos);
    REQUIRE(store.deploy(*v1, "prod", "", 1000));

    std::string edited = kSpec;
    edited.replace(edited.find("\"201\""), 5, "\"202\"");
    write(dir.path / "api.yaml", edited);
    auto v2 = resolve_spec((dir.path / "api.yaml").string());
    REQUIRE(v2);
    auto with = store.deploy_canary(*v2, "prod", settings, 2000);
    REQUIRE(with);
    CHECK(with->deployment_id == v1->id);  // the stage keeps its deployment
    REQUIRE(with->canary);
    CHECK(with->canary->deployment_id == v2->id);
    CHECK(with->canary->percent_traffic == 10);
    CHECK(store.has_snapshot(v2->id));
    CHECK(store.snapshot_ids().size() == 2);

    // A plain deployment leaves the canary alone.
    auto plain = store.deploy(*v1, "prod", "again", 2500);
    REQUIRE(plain);
    REQUIRE(plain->canary);
    CHECK(plain->canary->deployment_id == v2->id);

    auto promoted = store.promote_canary("prod", 3000);
    REQUIRE(promoted);
    CHECK(promoted->deployment_id == v2->id);
    CHECK(promoted->variables == std::map<std::string, std::string>{{"a", "canary"}});
    REQUIRE(promoted->canary);  // kept, at 0 %
    CHECK(promoted->canary->percent_traffic == 0);

    auto removed = store.delete_canary("prod");
    REQUIRE(removed);
    CHECK_FALSE(removed->canary);
    CHECK(removed->deployment_id == v2->id);
    CHECK(removed->variables.at("a") == "canary");
    CHECK_FALSE(store.delete_canary("prod"));
    CHECK_FALSE(store.promote_canary("prod", 4000));
  }
}

}  // namespace gw::deploy
