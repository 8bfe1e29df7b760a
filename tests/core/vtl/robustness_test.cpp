// Random templates and JSONPaths built from the grammar's tokens: parsing and rendering must
// return (a value or an Error), never crash or hang. Deterministic seed; a poor man's fuzzer
// until the libFuzzer targets exist.
#include <doctest/doctest.h>

#include <random>

#include "core/jsonpath/jsonpath.h"
#include "core/vtl/template.h"

namespace {

constexpr const char* kVtlTokens[] = {"$",
                                      "$!",
                                      "${",
                                      "}",
                                      "a",
                                      "b",
                                      "x",
                                      ".",
                                      "(",
                                      ")",
                                      "[",
                                      "]",
                                      "{",
                                      "}",
                                      ",",
                                      ":",
                                      "'",
                                      "\"",
                                      "#",
                                      "#set(",
                                      "#if(",
                                      "#elseif(",
                                      "#else",
                                      "#end",
                                      "#foreach(",
                                      " in ",
                                      "#break",
                                      "#stop",
                                      "##",
                                      "#*",
                                      "*#",
                                      "\\",
                                      "=",
                                      "==",
                                      "!",
                                      "&&",
                                      "||",
                                      "+",
                                      "-",
                                      "*",
                                      "/",
                                      "%",
                                      "<",
                                      ">=",
                                      " ",
                                      "\n",
                                      "1",
                                      "2.5",
                                      "true",
                                      "[1..3]",
                                      "$input.path('$.a')",
                                      "$input.json('$')",
                                      "$util.parseJson('{}')",
                                      "$foreach.hasNext",
                                      "$context.x",
                                      ".size()",
                                      ".get(0)",
                                      ".add(1)",
                                      ".put('k', 1)",
                                      "#set($a = [])",
                                      "#set($m = {})",
                                      "$a",
                                      "$m",
                                      "#foreach($i in [1..50])",
                                      "$a.add($a)",
                                      "$m.put('s', $m)"};

constexpr const char* kPathTokens[] = {"$",   ".",  "..", "a", "b", "*",   "[",  "]", "0",
                                       "-1",  ":",  "?(", ")", "@", "@.a", "==", "<", "1",
                                       "'x'", "&&", "||", "!", ",", "(",   " "};

template <size_t N>
std::string random_text(std::mt19937& rng, const char* const (&tokens)[N], int max_len) {
  std::string s;
  int len = std::uniform_int_distribution<int>(0, max_len)(rng);
  for (int i = 0; i < len; ++i) {
    s += tokens[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
  }
  return s;
}

}  // namespace

TEST_SUITE("gw::vtl robustness") {
  TEST_CASE("random templates parse and render without crashing") {
    std::mt19937 rng(12345);
    gw::vtl::Inputs in;
    in.body = R"({"a":[1,{"b":2}],"c":"d"})";
    in.limits.max_output = 1 << 16;
    in.limits.total_iterations = 20000;
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string src = random_text(rng, kVtlTokens, 30);
      auto t = gw::vtl::parse(src);
      if (t) {
        ++parsed;
        auto r = gw::vtl::render(**t, in);
        CHECK((r.has_value() || !r.error().message.empty()));
      } else {
        CHECK(t.error().message.starts_with("template "));
      }
    }
    CHECK(parsed > 1000);  // the generator reaches the evaluator, not just parse errors
  }

  TEST_CASE("self-containing collections print without infinite recursion") {
    auto t = gw::vtl::parse("#set($a = [])#set($d = $a.add($a))$a.size()");
    REQUIRE(t);
    CHECK(*gw::vtl::render(**t, {}) == "1");
  }

  TEST_CASE("random JSONPaths compile and select without crashing") {
    std::mt19937 rng(777);
    auto doc = gw::jsonpath::Json::parse(R"({"a":[1,{"a":2,"b":[3]}],"b":{"a":"x"}})");
    int ok = 0;
    for (int i = 0; i < 20000; ++i) {
      auto p = gw::jsonpath::compile(random_text(rng, kPathTokens, 12));
      if (p) {
        ++ok;
        CHECK(p->select(doc).size() < 100);
      }
    }
    CHECK(ok > 100);
  }
}

TEST_SUITE("gw::vtl robustness") {
  TEST_CASE("a hostile, deeply nested body is refused, not a stack overflow") {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto t = gw::vtl::parse("$input.path('$..a')");
    REQUIRE(t);
    gw::vtl::Inputs in;
    in.body = deep;
    auto r = gw::vtl::render(**t, in);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "template 1:7: Could not parse request body into json");
    CHECK(gw::vtl::parse_json(std::string(600, '[') + std::string(600, ']')) == std::nullopt);
    CHECK(gw::vtl::parse_json("[[1]]").has_value());
  }
}
