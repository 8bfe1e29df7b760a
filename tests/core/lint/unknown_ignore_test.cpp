// Inline x-gw-lint-ignore entries: categories silence as in .gwlint.yaml; names that match no
// rule or category are lint-unknown-ignore findings at the entry, with a did-you-mean hint.

#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "core/lint/engine.h"
#include "tests/core/lint/lint_test_util.h"

namespace gw::lint {
namespace {

/// Lints `yaml` written to a temporary spec file, every rule on.
FileReport lint_text(const test::TempDir& dir, const std::string& yaml) {
  const std::string path = (dir.path / "api.yaml").string();
  std::ofstream(path) << yaml;
  auto r = lint_file(path, Options{});
  REQUIRE(r);
  return *r;
}

std::vector<Finding> of_rule(const FileReport& r, std::string_view rule) {
  std::vector<Finding> out;
  for (const auto& f : r.findings) {
    if (f.rule == rule) {
      out.push_back(f);
    }
  }
  return out;
}

constexpr const char* kPlainHttp = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /legacy:
    get:
      x-gw-lint-ignore: [%IGNORE%]
      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: "http://legacy.example.com/"}
)";

std::string with_ignore(std::string_view ignore) {
  std::string s = kPlainHttp;
  s.replace(s.find("%IGNORE%"), 8, ignore);
  return s;
}

TEST_SUITE("gw::lint::rules::lint-unknown-ignore") {
  TEST_CASE("a misspelt id: a warning at the entry itself with a did-you-mean") {
    test::TempDir dir;
    const FileReport r =
        lint_text(dir, with_ignore("security-no-authorization, security-plain-http-backnd"));
    const auto unknown = of_rule(r, "lint-unknown-ignore");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].severity == Severity::Warning);
    CHECK(unknown[0].where.line == 6);
    CHECK(unknown[0].where.column == 53);  // the 's' of security-plain-http-backnd
    CHECK(unknown[0].message.find("'security-plain-http-backnd'") != std::string::npos);
    CHECK(unknown[0].message.find("did you mean 'security-plain-http-backend'?") !=
          std::string::npos);
    // The misspelt entry silenced nothing; the right one did.
    CHECK(of_rule(r, "security-plain-http-backend").size() == 1);
    CHECK(of_rule(r, "security-no-authorization").empty());
  }

  TEST_CASE("a name far from every rule: pointed at --list-rules") {
    test::TempDir dir;
    const FileReport r = lint_text(dir, with_ignore("zzzzzzzz"));
    const auto unknown = of_rule(r, "lint-unknown-ignore");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].message.find("gw lint --list-rules") != std::string::npos);
  }

  TEST_CASE("a category silences every rule of it there, as in .gwlint.yaml") {
    test::TempDir dir;
    const FileReport r = lint_text(dir, with_ignore("security"));
    CHECK(of_rule(r, "lint-unknown-ignore").empty());
    CHECK(of_rule(r, "security-plain-http-backend").empty());
    CHECK(of_rule(r, "security-no-authorization").empty());
    const FileReport other = lint_text(dir, with_ignore("cors"));
    CHECK(of_rule(other, "security-plain-http-backend").size() == 1);
  }

  TEST_CASE("reported on a spec the loader rejects too (it reads the raw tree)") {
    test::TempDir dir;
    const FileReport r = lint_text(dir, R"(openapi: 3.0.1
info: {title: x, version: "1"}
x-gw-lint-ignore: [cors-wildcard-credential]
paths:
  /a:
    get:
      x-amazon-apigateway-integration: {uri: "http://example.com"}
)");
    CHECK(r.fatal.has_value());  // the integration has no type
    const auto unknown = of_rule(r, "lint-unknown-ignore");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].where.line == 3);
    CHECK(unknown[0].message.find("did you mean 'cors-wildcard-credentials'?") !=
          std::string::npos);
  }

  TEST_CASE("the finding itself can be silenced inline, and `all` is known") {
    test::TempDir dir;
    CHECK(of_rule(lint_text(dir, with_ignore("nope, lint-unknown-ignore")), "lint-unknown-ignore")
              .empty());
    CHECK(of_rule(lint_text(dir, with_ignore("all")), "lint-unknown-ignore").empty());
  }
}

}  // namespace
}  // namespace gw::lint
