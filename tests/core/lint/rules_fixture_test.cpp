// Every rule against its fixtures: fixtures/lint/<id>/bad.yaml yields exactly the findings its
// `# expect:` comments name (rule and line), good.yaml yields none of that rule.

#include <doctest/doctest.h>

#include <filesystem>

#include "core/deploy/state.h"
#include "core/lint/probe/probe.h"
#include "core/lint/registry.h"
#include "tests/core/lint/lint_test_util.h"

namespace gw::lint {
namespace {

using test::expectations;
using test::fixture;
using test::found;

/// Deploys <dir>/deployed.yaml to stage prod in `state` when the fixture has one.
void deploy_fixture(const std::string& dir, const std::string& state) {
  const std::string deployed = dir + "/deployed.yaml";
  if (!std::filesystem::exists(deployed)) {
    return;
  }
  auto resolved = deploy::resolve_spec(deployed);
  REQUIRE(resolved);
  REQUIRE(deploy::Store(state).deploy(*resolved, "prod", "fixture", 0));
}

TEST_SUITE("gw::lint::rules") {
  TEST_CASE("each rule finds what its bad fixture expects and nothing in its good one") {
    for (const auto& rule : all_rules()) {
      const std::string id(rule->info().id);
      CAPTURE(id);
      const std::string dir = fixture(id);
      REQUIRE(std::filesystem::exists(dir + "/bad.yaml"));
      REQUIRE(std::filesystem::exists(dir + "/good.yaml"));
      test::TempDir state;
      deploy_fixture(dir, state.path.string());
      Options options;
      options.config.enable = {id};
      options.state_dir = state.path.string();
      Prober probe;  // the proxy-probe-* rules invoke their fixtures' handlers
      options.probe = &probe;

      auto bad = lint_file(dir + "/bad.yaml", options);
      REQUIRE(bad);
      const auto want = expectations(dir + "/bad.yaml");
      CHECK_FALSE(want.empty());
      CHECK(found(*bad) == want);
      for (const auto& f : bad->findings) {
        CAPTURE(f.message);
        CHECK(f.rule == id);
        CHECK(f.severity == rule->info().severity);
      }

      auto good = lint_file(dir + "/good.yaml", options);
      REQUIRE(good);
      CHECK_FALSE(good->fatal.has_value());
      CHECK(good->findings.empty());
      for (const auto& f : good->findings) {
        CAPTURE(f.where.str());
        CAPTURE(f.message);
      }
    }
  }
}

}  // namespace
}  // namespace gw::lint
