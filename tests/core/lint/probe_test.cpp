// `gw lint --probe`: the probe rules invoke the Python handlers of fixtures/lint/probe through
// the real FunctionManager and report what API Gateway would do with their answers.

#include "core/lint/probe/probe.h"

#include <doctest/doctest.h>

#include <fstream>

#include "core/lint/engine.h"
#include "openapi/loader.h"
#include "tests/core/lint/lint_test_util.h"

namespace gw::lint {
namespace {

using test::fixture;

const std::vector<std::string> kProbeRules = {
    "proxy-probe-cors-allow-origin", "proxy-probe-function-error", "proxy-probe-response-shape"};

/// Lints `rel` with the probe rules only, through `prober` (nullptr: without --probe).
FileReport probe_lint(const std::string& rel, Prober* prober) {
  Options options;
  options.config.enable = kProbeRules;
  options.probe = prober;
  auto r = lint_file(fixture(rel), options);
  REQUIRE(r);
  REQUIRE_FALSE(r->fatal.has_value());
  return std::move(*r);
}

/// The message of the finding of `rule` on the operation at `path`, or "".
std::string message_for(const FileReport& r, std::string_view rule, std::string_view path) {
  for (const auto& f : r.findings) {
    if (f.rule == rule && f.route_path == path) {
      return f.message;
    }
  }
  return "";
}

bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST_SUITE("gw::lint::probe") {
  TEST_CASE("a bare object or a dict body on REST: 502, with what is wrong and the fix") {
    Prober prober;
    auto r = probe_lint("proxy-probe-response-shape/bad.yaml", &prober);
    CHECK(r.findings.size() == 2);
    const std::string bare = message_for(r, "proxy-probe-response-shape", "/bare");
    CAPTURE(bare);
    CHECK(has(bare, "GET /bare: function 'bare' answered {\"hello\": \"world\"}"));
    CHECK(has(bare, "malformed Lambda proxy response"));  // the pipeline parser's explanation
    CHECK(has(bare, "must return {statusCode, headers, multiValueHeaders, body, isBase64Encoded}"));
    CHECK(has(bare, "502"));
    const std::string dict = message_for(r, "proxy-probe-response-shape", "/dict");
    CAPTURE(dict);
    CHECK(has(dict, "POST /dict"));
    CHECK(has(dict, "body"));
    CHECK(message_for(r, "proxy-probe-response-shape", "/good").empty());
    CHECK(prober.invocations() == 3);  // once per operation, shared by the three rules
  }

  TEST_CASE("fact 63: HTTP API payload 2.0 takes a bare object as a 200 JSON body") {
    Prober prober;
    auto r = probe_lint("proxy-probe-response-shape/good.yaml", &prober);
    CHECK(r.findings.empty());
    CHECK(prober.invocations() == 2);
  }

  TEST_CASE("fact 64: HTTP API payload 1.0 requires statusCode: 500") {
    Prober prober;
    auto r = probe_lint("probe/http-v1.yaml", &prober);
    REQUIRE(r.findings.size() == 1);
    const std::string m = r.findings[0].message;
    CAPTURE(m);
    CHECK(r.findings[0].rule == "proxy-probe-response-shape");
    CHECK(has(m, "statusCode is missing"));
    CHECK(has(m, "500"));
  }

  TEST_CASE("a raising handler, a KeyError on the synthetic event, a missing module") {
    Prober prober;
    auto r = probe_lint("proxy-probe-function-error/bad.yaml", &prober);
    CHECK(r.findings.size() == 3);
    const std::string boom = message_for(r, "proxy-probe-function-error", "/boom");
    CAPTURE(boom);
    CHECK(has(boom, "function 'boom' raised ValueError: boom"));
    CHECK(has(boom, "502"));
    const std::string query = message_for(r, "proxy-probe-function-error", "/hello");
    CAPTURE(query);
    CHECK(has(query, "raised TypeError"));
    const std::string missing = message_for(r, "proxy-probe-function-error", "/missing");
    CAPTURE(missing);
    CHECK(has(missing, "nosuchmodule"));
    CHECK(message_for(r, "proxy-probe-function-error", "/good").empty());
  }

  TEST_CASE("own timeout, exit, integration timeout: stable messages, the client's answer") {
    Prober prober;
    auto r = probe_lint("probe/dies.yaml", &prober);
    REQUIRE(r.findings.size() == 3);
    const std::string sleepy = message_for(r, "proxy-probe-function-error", "/sleepy");
    CAPTURE(sleepy);
    // No time stamp or request id: the same finding every run.
    CHECK(has(sleepy, "function 'sleepy' timed out (Task timed out after 1.00 seconds) on a "));
    const std::string crash = message_for(r, "proxy-probe-function-error", "/crash");
    CAPTURE(crash);
    CHECK(has(crash, "function 'crash' crashed (Runtime exited with error: exit status 3) on a "));
    CHECK(has(crash, "502"));
    const std::string slow = message_for(r, "proxy-probe-function-error", "/slow");
    CAPTURE(slow);
    CHECK(has(slow, "function 'slow' did not answer within 300 ms (timeoutInMillis)"));
    CHECK(has(slow, "API Gateway answers 504 {\"message\": \"Endpoint request timed out\"}"));
  }

  // Regression: the bound was the function's timeout plus one second from the call, so a cold
  // start behind pyenv's python3 shim (~1 s) turned a 1 s function timeout into "did not answer
  // within 2000 ms (gw lint's limit)" (CI, 2026-12-01). Lambda starts the function's timeout
  // after its init phase.
  TEST_CASE("a slow cold start does not count against the function's own timeout") {
    Prober prober;
    auto r = probe_lint("probe/slow-start.yaml", &prober);
    REQUIRE(r.findings.size() == 1);
    const std::string sleepy = message_for(r, "proxy-probe-function-error", "/sleepy");
    CAPTURE(sleepy);
    CHECK(has(sleepy, "function 'sleepy' timed out (Task timed out after 1.00 seconds) on a "));
  }

  TEST_CASE("CORS: REST behind a preflight needs the header, an HTTP API's cors config adds it") {
    Prober prober;
    auto rest = probe_lint("proxy-probe-cors-allow-origin/bad.yaml", &prober);
    REQUIRE(rest.findings.size() == 1);
    CHECK(rest.findings[0].route_path == "/items");
    CHECK(has(rest.findings[0].message, "without Access-Control-Allow-Origin"));
    CHECK(rest.findings[0].severity == Severity::Warning);
    CHECK(probe_lint("proxy-probe-cors-allow-origin/good.yaml", &prober).findings.empty());
    CHECK(probe_lint("probe/http-cors.yaml", &prober).findings.empty());
  }

  TEST_CASE("the event is the pipeline's: method, sample path parameters, Origin") {
    auto loaded = openapi::load(fixture("proxy-probe-function-error/good.yaml"));
    REQUIRE(loaded);
    Input in;
    in.api = loaded->api.get();
    in.file = loaded->api->spec_path;
    FakeClock clock(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123)));
    ProbeOptions options;
    options.clock = &clock;
    Prober prober(options);
    const auto& results = prober.results(in);
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
      CHECK(has(r.payload, R"(\"requestTimeEpoch\": 1700000000123)"));  // the injected clock
      CAPTURE(r.payload);
      CHECK(r.outcome == ProbeResult::Outcome::Ok);
      CHECK(r.payload_version == "1.0");
      CHECK(r.response.headers.get("Access-Control-Allow-Origin") == "http://localhost:3000");
    }
    CHECK(has(results[0].payload, R"(\"method\": \"POST\", \"path\": \"/pets\")"));
    // ANY is probed as GET; {petId} gets "1", {proxy+} a two-segment path.
    CHECK(has(results[1].payload, R"(\"method\": \"GET\", \"path\": \"/pets/1/example/path\")"));
    CHECK(has(results[1].payload, R"(\"petId\": \"1\")"));
    CHECK(has(results[1].payload, R"(\"body\": null)"));  // GET has none
    CHECK(&prober.results(in) == &results);               // memoised: no second invocation
    CHECK(prober.invocations() == 2);
  }

  TEST_CASE("ANY beside GET on one path is probed with a method of its own") {
    auto loaded = openapi::load(fixture("probe/any-method.yaml"));
    REQUIRE(loaded);
    Input in;
    in.api = loaded->api.get();
    in.file = loaded->api->spec_path;
    Prober prober;
    const auto& results = prober.results(in);
    REQUIRE(results.size() == 2);
    CHECK(has(results[0].payload, R"(\"method\": \"GET\")"));
    CHECK(has(results[1].payload, R"(\"method\": \"POST\")"));
    CHECK(has(results[1].payload, R"(\"body\": \"{}\")"));  // POST carries a JSON body
  }

  TEST_CASE("without --probe nothing is invoked and nothing is reported") {
    auto r = probe_lint("proxy-probe-function-error/bad.yaml", nullptr);
    CHECK(r.findings.empty());
    Prober prober;  // probe rules disabled: the prober is never asked
    Options options;
    options.config.disable = kProbeRules;
    options.probe = &prober;
    auto quiet = lint_file(fixture("proxy-probe-function-error/bad.yaml"), options);
    REQUIRE(quiet);
    CHECK(prober.invocations() == 0);
  }

  TEST_CASE("x-gw-lint-ignore on an operation silences its probe finding there only") {
    test::TempDir dir;
    const std::string spec = (dir.path / "api.yaml").string();
    const std::string arn =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:us-east-1:123456789012:function:bare/invocations";
    std::ofstream(spec)
        << "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        << "x-gw: {functions: {bare: {runtime: python3.12, handler: handlers.bare, "
        << "codeUri: " << fixture("probe") << "}}}\npaths:\n"
        << "  /quiet:\n    get:\n      x-gw-lint-ignore: [proxy-probe-response-shape]\n"
        << "      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, "
        << "uri: '" << arn << "'}\n"
        << "  /loud:\n    get:\n"
        << "      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, "
        << "uri: '" << arn << "'}\n";
    Prober prober;
    Options options;
    options.config.enable = kProbeRules;
    options.probe = &prober;
    auto r = lint_file(spec, options);
    REQUIRE(r);
    REQUIRE(r->findings.size() == 1);
    CHECK(r->findings[0].route_path == "/loud");
    CHECK(prober.invocations() == 2);
  }

  TEST_CASE("a spec without local functions: no finding, one note") {
    Prober prober;
    auto r = probe_lint("probe/no-functions.yaml", &prober);
    CHECK(r.findings.empty());
    CHECK(prober.invocations() == 0);
    const auto notes = prober.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(has(notes[0], "nothing to probe"));
    CHECK(prober.take_notes().empty());
  }
}

}  // namespace
}  // namespace gw::lint
