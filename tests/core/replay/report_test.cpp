#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/replay/recorder.h"
#include "core/replay/report.h"

using namespace gw;
using namespace gw::replay;

namespace {

struct Fixture {
  Fixture() {
    for (int i = 0; i < 3; ++i) {
      Entry e;
      e.file = "rec.jsonl";
      e.line = static_cast<size_t>(i + 1);
      e.exchange.id = "id-" + std::to_string(i);
      e.exchange.request.method = "GET";
      e.exchange.request.path = "/dev/pets/" + std::to_string(i);
      e.exchange.route = "GET /pets/{petId}";
      entries.push_back(e);
    }
    for (size_t i = 0; i < entries.size(); ++i) {
      ExchangeResult r;
      r.entry = &entries[i];
      r.outcome = i == 0 ? Outcome::Passed : i == 1 ? Outcome::Failed : Outcome::Skipped;
      if (r.outcome == Outcome::Failed) {
        r.problems = {"status: expected 200, got <404> & more\n"};
      }
      results.push_back(r);
    }
  }
  std::vector<Entry> entries;
  std::vector<ExchangeResult> results;
};

}  // namespace

TEST_SUITE("gw::replay::report") {
  TEST_CASE("text report: failures with id, route and location, then the summary") {
    Fixture f;
    CHECK(report_text(f.results) ==
          "FAIL GET /dev/pets/1  (rec.jsonl:2, id id-1, route GET /pets/{petId})\n"
          "  status: expected 200, got <404> & more\n"
          "1 passed, 1 failed, 1 skipped\n");
  }

  TEST_CASE("JUnit: one test case per exchange named by method and path, escaped") {
    Fixture f;
    const std::string xml = report_junit(f.results);
    CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    CHECK(xml.find("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\"") != std::string::npos);
    CHECK(xml.find("<testcase name=\"GET /dev/pets/0\" classname=\"rec.jsonl:1\"") !=
          std::string::npos);
    CHECK(xml.find("message=\"status: expected 200, got &lt;404&gt; &amp; more\"") !=
          std::string::npos);
    CHECK(xml.find("<skipped message=\"filtered out\"/>") != std::string::npos);
    CHECK(xml.ends_with("</testsuites>\n"));
  }

  TEST_CASE("TAP 13: plan, ok / not ok, YAML block for failures, SKIP directive") {
    Fixture f;
    const std::string tap = report_tap(f.results);
    CHECK(tap.starts_with("TAP version 13\n1..3\nok 1 - GET /dev/pets/0\nnot ok 2 - GET "
                          "/dev/pets/1\n  ---\n  id: \"id-1\"\n"));
    CHECK(tap.find("    status: expected 200, got <404> & more\n  ...\n") != std::string::npos);
    CHECK(tap.ends_with("ok 3 - GET /dev/pets/2 # SKIP filtered out\n"));
  }

  TEST_CASE("JSON: counts and one object per exchange") {
    Fixture f;
    auto j = nlohmann::json::parse(report_json(f.results));
    CHECK(j["passed"] == 1);
    CHECK(j["failed"] == 1);
    CHECK(j["skipped"] == 1);
    REQUIRE(j["exchanges"].size() == 3);
    CHECK(j["exchanges"][1]["outcome"] == "failed");
    CHECK(j["exchanges"][1]["line"] == 2);
  }

  TEST_CASE("redaction masks credentials in the request, calls and Lambda events") {
    Recorded r;
    r.request.headers.add("Authorization", "Bearer secret");
    r.request.headers.add("X-Trace", "keep");
    r.request.headers.add("x-custom-token", "t");
    IntegrationCall c;
    c.kind = "lambda";
    c.request.headers.add("Cookie", "a=b");
    c.request.body = R"({"headers":{"authorization":"Bearer secret","x":"y"},)"
                     R"("multiValueHeaders":{"Authorization":["Bearer secret"]},"cookies":["a=b"]})";
    r.integrations.push_back(c);
    Redactor({"X-Custom-Token"}).apply(r);
    CHECK(r.request.headers.get("Authorization") == "REDACTED");
    CHECK(r.request.headers.get("X-Trace") == "keep");
    CHECK(r.request.headers.get("x-custom-token") == "REDACTED");
    CHECK(r.integrations[0].request.headers.get("cookie") == "REDACTED");
    CHECK(r.integrations[0].request.body ==
          R"({"headers":{"authorization":"REDACTED","x":"y"},)"
          R"("multiValueHeaders":{"Authorization":["REDACTED"]},"cookies":["REDACTED"]})");
  }
}
