// The engine: sorted findings, inline ignores, .gwlint.yaml, load failures, output formats,
// the clean spec and the real-world-style specs with known mistakes.

#include "core/lint/engine.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/lint/config.h"
#include "core/lint/report.h"
#include "tests/core/lint/lint_test_util.h"

namespace gw::lint {
namespace {

using test::expectations;
using test::fixture;
using test::found;

TEST_SUITE("gw::lint::engine") {
  TEST_CASE("the clean example spec gives no finding with every rule on") {
    auto r = lint_file(fixture("clean.yaml"), Options{});
    REQUIRE(r);
    CHECK_FALSE(r->fatal.has_value());
    for (const auto& f : r->findings) {
      CAPTURE(f.where.str());
      CAPTURE(f.rule);
      CAPTURE(f.message);
    }
    CHECK(r->findings.empty());
  }

  TEST_CASE("real-world-style specs: every known mistake is found") {
    for (const auto& entry : std::filesystem::directory_iterator(fixture("realworld"))) {
      const std::string path = entry.path().string();
      CAPTURE(path);
      auto r = lint_file(path, Options{});
      REQUIRE(r);
      const auto have = found(*r);
      const auto want = expectations(path);
      CHECK(want.size() >= 3);
      for (const auto& w : want) {
        CAPTURE(w.first);
        CAPTURE(w.second);
        CHECK(have.contains(w));
      }
    }
  }

  TEST_CASE("findings are sorted by line") {
    auto r = lint_file(fixture("realworld/petstore-cors.yaml"), Options{});
    REQUIRE(r);
    for (size_t i = 1; i < r->findings.size(); ++i) {
      CHECK(r->findings[i - 1].where.line <= r->findings[i].where.line);
    }
  }

  TEST_CASE("x-gw-lint-ignore on an operation and a path silences those rules there only") {
    auto r = lint_file(fixture("ignores.yaml"), Options{});
    REQUIRE(r);
    CHECK(found(*r) == expectations(fixture("ignores.yaml")));
  }

  TEST_CASE(".gwlint.yaml: disable, severity, overrides by path") {
    auto c = parse_config(R"(
disable: [security-no-authorization]
severity: {correctness-duplicate-operation-id: warning, cors: off}
overrides:
  - paths: ["/legacy/*"]
    disable: [all]
)",
                          "t.yaml");
    REQUIRE(c);
    Options o;
    o.config = *c;
    auto r = lint_file(fixture("config-target.yaml"), o);
    REQUIRE(r);
    bool dup = false;
    for (const auto& f : r->findings) {
      CHECK(f.rule != "security-no-authorization");
      CHECK(f.rule.rfind("cors-", 0) != 0);
      CHECK(f.route_path.rfind("/legacy/", 0) != 0);
      if (f.rule == "correctness-duplicate-operation-id") {
        dup = true;
        CHECK(f.severity == Severity::Warning);
      }
    }
    CHECK(dup);
  }

  TEST_CASE(".gwlint.yaml: unknown rule ids and keys are positioned errors with a hint") {
    auto c = parse_config("disable: [cors-missing-prefligth]\n", "x.yaml");
    REQUIRE_FALSE(c);
    CHECK(c.error().where.line == 1);
    CHECK(c.error().hint.find("cors-missing-preflight") != std::string::npos);
    auto k = parse_config("disabel: [cors]\n", "x.yaml");
    REQUIRE_FALSE(k);
    CHECK(k.error().hint.find("disable") != std::string::npos);
    auto s = parse_config("severity: {cors: loud}\n", "x.yaml");
    CHECK_FALSE(s);
  }

  TEST_CASE("a spec the loader rejects: raw rules still run and explain the error") {
    auto r = lint_file(fixture("correctness-timeout-range/bad.yaml"), Options{});
    REQUIRE(r);
    CHECK_FALSE(r->fatal.has_value());
    CHECK(found(*r).contains({11, "correctness-timeout-range"}));
    auto broken = lint_file(
        std::string(GW_SOURCE_DIR) + "/fixtures/broken/integration-no-type.yaml", Options{});
    REQUIRE(broken);
    CHECK(broken->fatal.has_value());
    CHECK_FALSE(
        lint_file(std::string(GW_SOURCE_DIR) + "/fixtures/broken/tab-indented.yaml", Options{}));
  }

  TEST_CASE("SARIF 2.1.0, JSON and GitHub annotations") {
    auto r = lint_file(fixture("security-tls-policy/bad.yaml"), Options{});
    REQUIRE(r);
    std::vector<FileReport> reports{*r};
    auto sarif = nlohmann::json::parse(to_sarif(reports, "0.1.0"));
    CHECK(sarif["version"] == "2.1.0");
    const auto& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "gw");
    CHECK(run["tool"]["driver"]["rules"].size() >= 30);
    bool tls = false;
    for (const auto& res : run["results"]) {
      const size_t idx = res["ruleIndex"];
      CHECK(run["tool"]["driver"]["rules"][idx]["id"] == res["ruleId"]);
      if (res["ruleId"] == "security-tls-policy") {
        tls = true;
        CHECK(res["level"] == "warning");
        CHECK(res["locations"][0]["physicalLocation"]["region"]["startLine"] == 6);
      }
    }
    CHECK(tls);
    auto json = nlohmann::json::parse(to_json(reports));
    CHECK(json["summary"]["files"] == 1);
    CHECK(json["findings"].size() == r->findings.size());
    const std::string gh = to_github(reports);
    CHECK(gh.find(",line=6,col=") != std::string::npos);
    CHECK(gh.find("title=security-tls-policy::") != std::string::npos);
    CHECK(summary_line(summarise(reports)).find("in 1 file") != std::string::npos);
  }
}

}  // namespace
}  // namespace gw::lint
