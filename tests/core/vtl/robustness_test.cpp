// Random templates and JSONPaths built from the grammar's tokens: parsing and rendering must
// return (a value or an Error), never crash or hang. Deterministic seed; a poor man's fuzzer
// until the libFuzzer targets exist.
#include <doctest/doctest.h>

#include <random>

#include "core/jsonpath/jsonpath.h"
#include "core/vtl/template.h"
#include "tests/core/vtl/vtl_test_util.h"

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

  // Issue 16, item 4: PCRE2 re-checked the whole subject's UTF-8 on every match, so replaceAll
  // and split on 160 KB took seconds. Over 2 MB that is 10^12 steps: this test would not end.
  TEST_CASE("replaceAll, split and matches are linear in the subject") {
    auto t = gw::vtl::parse(
        "#set($r = $input.body.replaceAll('a', 'b'))$r.length() "
        "$input.body.split('a').size() $input.body.replaceAll('', '').length()");
    REQUIRE(t);
    gw::vtl::Inputs in;
    const std::string body(2u << 20, 'a');
    in.body = body;
    auto r = gw::vtl::render(**t, in);
    REQUIRE(r);
    CHECK(*r == "2097152 0 2097152");
  }

  TEST_CASE("an empty match steps over whole UTF-8 characters, as Java steps over chars") {
    CHECK(gw::vtl::testing::run("#set($s = 'hé€!')$s.replaceAll('', '-')") == "-h-é-€-!-");
    CHECK(gw::vtl::testing::run("#set($s = 'aé')$s.split('').size()") == "2");
  }

  TEST_CASE("catastrophic backtracking fails the render instead of running for minutes") {
    auto t = gw::vtl::parse("$input.body.matches('^(a+)+$')");
    REQUIRE(t);
    gw::vtl::Inputs in;
    const std::string body = std::string(60, 'a') + "b";
    in.body = body;
    auto r = gw::vtl::render(**t, in);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("exceeded its backtracking limit on a 61-byte string") !=
          std::string::npos);
  }

  // Issue 16, item 5: `$l.addAll($l)` in a loop doubled a list to gigabytes.
  TEST_CASE("a render that keeps building values stops at its memory budget") {
    for (const char* src :
         {"#set($l = ['x'])#foreach($i in [1..60])#set($ok = $l.addAll($l))#end$l.size()",
          "#set($s = 'xy')#foreach($i in [1..60])#set($s = \"$s$s\")#end$s.length()",
          "#set($s = 'xy')#foreach($i in [1..60])#set($s = $s + $s)#end$s.length()",
          "#set($m = {})#foreach($i in [1..1000])#set($ok = $m.put(\"$i\", $input.body))#end"}) {
      CAPTURE(src);
      auto t = gw::vtl::parse(src);
      REQUIRE(t);
      gw::vtl::Inputs in;
      const std::string body(1u << 20, 'b');
      in.body = body;
      auto r = gw::vtl::render(**t, in);
      REQUIRE_FALSE(r);
      const std::string& why = r.error().message;
      CAPTURE(why);  // an interpolated string also meets the output bound first
      CHECK((why.find("template builds more than 256 MiB of values") != std::string::npos ||
             why.find("template output exceeds") != std::string::npos));
    }
    // The same shapes within reason render.
    CHECK(gw::vtl::testing::run(
              "#set($l = ['x'])#foreach($i in [1..10])#set($ok = $l.addAll($l))#end$l.size()") ==
          "1024");
  }
}
