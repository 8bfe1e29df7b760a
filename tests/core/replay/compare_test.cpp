#include <doctest/doctest.h>

#include "core/replay/compare.h"

using namespace gw;
using namespace gw::replay;

namespace {

Response response(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_SUITE("gw::replay::compare") {
  TEST_CASE("JSON bodies compare by value, not by spelling") {
    CHECK(compare_responses(response(200, R"({"a":1,"b":[1,2]})"),
                            response(200, "{ \"b\": [1, 2], \"a\": 1 }"), {})
              .empty());
  }

  TEST_CASE("volatile headers are ignored; --ignore-header adds more") {
    Response a = response(200, "x");
    Response b = response(200, "x");
    a.headers.add("x-amzn-RequestId", "1");
    b.headers.add("x-amzn-RequestId", "2");
    a.headers.add("Date", "Mon");
    b.headers.add("X-Amzn-Trace-Id", "Root=1");
    CHECK(compare_responses(a, b, {}).empty());
    b.headers.add("X-Build", "42");
    auto diffs = compare_responses(a, b, {});
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0] == "headers differ:\n--- expected\n+++ actual\n@@ -1,1 +1,2 @@\n"
                      " content-type: application/json\n+x-build: 42\n");
    CHECK(compare_responses(a, b, CompareOptions{{"x-BUILD"}, false}).empty());
  }

  TEST_CASE("a status and body mismatch gives both, the body as a unified JSON diff") {
    auto diffs = compare_responses(response(200, R"({"id":1,"name":"doggie"})"),
                                   response(404, R"({"id":1,"name":"kitty"})"), {});
    REQUIRE(diffs.size() == 2);
    CHECK(diffs[0] == "status: expected 200, got 404\n");
    CHECK(diffs[1] ==
          "body differs (as JSON):\n--- expected\n+++ actual\n@@ -1,4 +1,4 @@\n {\n"
          "   \"id\": 1,\n-  \"name\": \"doggie\"\n+  \"name\": \"kitty\"\n }\n");
  }

  TEST_CASE("unified diff hunks keep three lines of context") {
    std::string a;
    std::string b;
    for (int i = 1; i <= 20; ++i) {
      a += std::to_string(i) + "\n";
      b += (i == 10 ? std::string("ten") : std::to_string(i)) + "\n";
    }
    CHECK(unified_diff(a, b, "a", "b") ==
          "--- a\n+++ b\n@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n");
  }

  TEST_CASE("text bodies compare exactly; binary by content") {
    CHECK(compare_bodies("a b", "a b", "body").empty());
    CHECK(compare_bodies("line1\nline2", "line1\nLINE2", "body") ==
          "body differs:\n--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n line1\n-line2\n+LINE2\n");
    CHECK(compare_bodies(std::string("\x00\x01\x02", 3), std::string("\x00\x01\x03", 3), "body") ==
          "body differs (binary): expected 3 bytes, got 3 bytes; first difference at byte 2\n");
  }

  // Issue 16, item 6: indenting every level of a deeply nested body made the diff of 20 KB
  // 200 MB. Deep bodies compare as text; any diff is cut at 256 KiB.
  TEST_CASE("the diff of deeply nested or huge bodies stays small") {
    const std::string deep_a = std::string(10000, '[') + "1" + std::string(10000, ']');
    const std::string deep_b = std::string(10000, '[') + "2" + std::string(10000, ']');
    const std::string d = compare_bodies(deep_a, deep_b, "body");
    CHECK(d.rfind("body differs:\n", 0) == 0);  // as text, not "(as JSON)"
    CHECK(d.size() < 3 * deep_a.size());
    CHECK(compare_bodies(deep_a, deep_a, "body").empty());
    std::string many_a;
    std::string many_b;
    for (int i = 0; i < 100000; ++i) {
      many_a += "line " + std::to_string(i) + "\n";
      many_b += "LINE " + std::to_string(i) + "\n";
    }
    const std::string cut = compare_bodies(many_a, many_b, "body");
    CHECK(cut.size() < 300 * 1024);
    CHECK(cut.find("... (diff cut at 256 KiB)") != std::string::npos);
    // Nested within bounds still compares as JSON.
    const std::string shallow = std::string(60, '[') + "1" + std::string(60, ']');
    CHECK(compare_bodies(shallow, " " + shallow, "body").empty());
  }

  TEST_CASE("HAR mode compares only headers gw sets") {
    Response expected = response(200, "x");
    expected.headers.add("Via", "1.1 cloudfront");
    expected.headers.add("X-Petstore", "v1");
    Response actual = response(200, "x");
    actual.headers.add("X-Petstore", "v2");
    CompareOptions har{{}, true};
    auto diffs = compare_responses(expected, actual, har);
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0].find("-x-petstore: v1\n+x-petstore: v2\n") != std::string::npos);
    CHECK(diffs[0].find("via") == std::string::npos);
  }
}
