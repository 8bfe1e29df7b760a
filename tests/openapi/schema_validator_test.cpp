#include "openapi/schema_validator.h"

#include <doctest/doctest.h>

#include "openapi/json_schema.h"

using gw::openapi::join_validation_errors;
using gw::openapi::SchemaValidator;

namespace {

const std::map<std::string, std::string> kModels = {
    {"Event", R"({"type":"object","required":["name"],"properties":{
        "name":{"type":"string","minLength":1},"size":{"type":"integer"}}})"},
    {"Tag", R"({"type":"object","required":["key"],"properties":{"key":{"type":"string"}}})"},
};

}  // namespace

TEST_SUITE("gw::openapi::SchemaValidator") {
  TEST_CASE("a valid body gives no errors; a wrong type and a missing property are reported") {
    auto v = SchemaValidator::compile(kModels.at("Event"), kModels);
    REQUIRE(v.has_value());
    CHECK(v->validate(R"({"name":"launch","size":3})").empty());
    std::vector<std::string> missing = v->validate(R"({"size":3})");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].find("name") != std::string::npos);
    std::vector<std::string> wrong = v->validate(R"({"name":"x","size":"big"})");
    REQUIRE(!wrong.empty());
    CHECK(join_validation_errors(wrong).find("/size") != std::string::npos);
  }

  TEST_CASE("fact 50: an empty body is validated as {}") {
    auto v = SchemaValidator::compile(kModels.at("Event"), kModels);
    REQUIRE(v.has_value());
    CHECK(!v->validate("").empty());
    CHECK(!v->validate("  \n").empty());
    auto open = SchemaValidator::compile(R"({"type":"object"})", kModels);
    REQUIRE(open.has_value());
    CHECK(open->validate("").empty());
  }

  TEST_CASE("malformed JSON is an error, not a crash") {
    auto v = SchemaValidator::compile(kModels.at("Event"), kModels);
    REQUIRE(v.has_value());
    std::vector<std::string> e = v->validate("{\"name\": ");
    REQUIRE(e.size() == 1);
    CHECK(e[0].starts_with("Invalid JSON"));
  }

  TEST_CASE("fact 51: models reference each other by definitions, components and API URLs") {
    for (std::string ref : {"#/definitions/Tag", "#/components/schemas/Tag",
                            "https://apigateway.amazonaws.com/restapis/abc123/models/Tag"}) {
      std::string schema = R"({"type":"object","properties":{"tags":{"type":"array","items":{
          "$ref":")" + ref +
                           R"("}}}})";
      auto v = SchemaValidator::compile(schema, kModels);
      REQUIRE_MESSAGE(v.has_value(), ref);
      CHECK(v->validate(R"({"tags":[{"key":"a"}]})").empty());
      CHECK(!v->validate(R"({"tags":[{"nokey":"a"}]})").empty());
      // also inside oneOf (fact 51)
      auto one = SchemaValidator::compile(R"({"oneOf":[{"$ref":")" + ref + R"("}]})", kModels);
      REQUIRE(one.has_value());
      CHECK(one->validate(R"({"key":"k"})").empty());
      CHECK(!one->validate(R"({"other":1})").empty());
    }
  }

  TEST_CASE("draft 4 semantics: exclusiveMaximum is a boolean") {
    auto v = SchemaValidator::compile(
        R"({"$schema":"http://json-schema.org/draft-04/schema#","type":"object",
            "properties":{"n":{"type":"number","maximum":10,"exclusiveMaximum":true}}})",
        {});
    REQUIRE(v.has_value());
    CHECK(v->validate(R"({"n":9})").empty());
    CHECK(!v->validate(R"({"n":10})").empty());
  }

  TEST_CASE("a schema that is not JSON or not an object does not compile") {
    CHECK(!SchemaValidator::compile("{", {}).has_value());
    CHECK(!SchemaValidator::compile("[1]", {}).has_value());
  }
}

namespace {

using gw::openapi::BodyCheck;
using gw::openapi::kMaxBodyDepth;

SchemaValidator compiled(const std::string& schema,
                         const std::map<std::string, std::string>& models = {}) {
  auto v = SchemaValidator::compile(schema, models);
  REQUIRE_MESSAGE(v.has_value(), (v ? "" : v.error().message));
  return *v;
}

/// {"child":{"child":...{"name":leaf}}} nested `levels` objects deep.
std::string nested_body(size_t levels, const std::string& leaf) {
  std::string body;
  for (size_t i = 1; i < levels; ++i) {
    body += R"({"child":)";
  }
  body += R"({"name":)" + leaf + "}";
  body += std::string(levels - 1, '}');
  return body;
}

const std::map<std::string, std::string> kTree = {
    {"Tree", R"({"type":"object","properties":{"name":{"type":"string"},
                 "child":{"$ref":"#/components/schemas/Tree"}}})"}};

}  // namespace

TEST_SUITE("gw::openapi::SchemaValidator bounds (issue 16)") {
  TEST_CASE("a pattern on a 30 KB string is matched without recursion") {
    SchemaValidator v = compiled(R"({"properties":{"s":{"type":"string","pattern":"^[a-z]*$"}}})");
    const std::string long_string(30'000, 'a');
    CHECK(v.validate(R"({"s":")" + long_string + R"("})").empty());
    BodyCheck bad = v.check(R"({"s":")" + long_string + R"(1"})");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.limit.empty());
    CHECK(bad.errors[0].find("ECMA 262 regex \"^[a-z]*$\" does not match") == 0);
    CHECK(bad.errors[0].ends_with("(at /s)"));
  }

  TEST_CASE("patterns are searched, not anchored, in ECMA 262 style") {
    SchemaValidator v = compiled(R"({"type":"string","pattern":"b+"})");
    CHECK(v.validate(R"("abbc")").empty());
    CHECK(!v.validate(R"("ac")").empty());
    SchemaValidator end = compiled(R"({"type":"string","pattern":"^a$"})");
    CHECK(!end.validate(R"("a\n")").empty());  // `$` is the very end, as in ECMA 262
    SchemaValidator keys = compiled(R"({"patternProperties":{"^x-":{"type":"integer"}},
                                       "additionalProperties":false})");
    CHECK(keys.validate(R"({"x-a":1})").empty());
    CHECK(!keys.validate(R"({"x-a":"1"})").empty());
    CHECK(!keys.validate(R"({"y":1})").empty());
  }

  TEST_CASE("format date-time, date and time on long and short strings") {
    SchemaValidator v = compiled(R"({"type":"string","format":"date-time"})");
    CHECK(v.validate(R"("2022-07-18T16:52:45Z")").empty());
    CHECK(v.validate(R"("2022-07-18t16:52:45.123+02:00")").empty());
    CHECK(v.validate(R"("2024-02-29T00:00:00Z")").empty());
    CHECK(!v.validate(R"("2023-02-29T00:00:00Z")").empty());
    CHECK(!v.validate(R"("2022-04-31T00:00:00Z")").empty());
    CHECK(!v.validate(R"("2022-07-18 16:52:45Z")").empty());
    CHECK(!v.validate(R"("2022-07-18T24:00:00Z")").empty());
    CHECK(!v.validate("\"" + std::string(60'000, '1') + "\"").empty());
    CHECK(!v.validate("\"2022-07-18T16:52:45Z" + std::string(60'000, '0') + "\"").empty());
    CHECK(compiled(R"({"format":"date"})").validate(R"("2022-07-18")").empty());
    CHECK(!compiled(R"({"format":"date"})").validate(R"("2022-7-18")").empty());
    CHECK(compiled(R"({"format":"time"})").validate(R"("16:52:45-05:30")").empty());
    CHECK(compiled(R"({"format":"email"})").validate(R"("not checked")").empty());
  }

  TEST_CASE("a recursive model validates deep bodies; past the depth bound the body is refused") {
    SchemaValidator v = compiled(R"({"$ref":"#/components/schemas/Tree"})", kTree);
    CHECK(v.validate(nested_body(900, R"("leaf")")).empty());
    BodyCheck wrong = v.check(nested_body(3, "7"));
    REQUIRE(wrong.errors.size() == 1);
    CHECK(wrong.errors[0].ends_with("(at /child/child/name)"));
    BodyCheck deep = v.check(nested_body(10'000, R"("leaf")"));
    REQUIRE(deep.errors.size() == 1);
    CHECK(deep.limit.find("deeper than " + std::to_string(kMaxBodyDepth)) != std::string::npos);
    // Arrays count too, and a body of nothing but brackets is refused before it is parsed.
    CHECK(!v.check(std::string(5'000'000, '[')).limit.empty());
    CHECK(v.check(std::string(kMaxBodyDepth, '[') + std::string(kMaxBodyDepth, ']')).limit.empty());
  }

  TEST_CASE("mutually recursive models compile and validate") {
    const std::map<std::string, std::string> models = {
        {"A", R"({"type":"object","properties":{"b":{"$ref":"#/components/schemas/B"}}})"},
        {"B", R"({"type":"object","required":["n"],"properties":{
                  "a":{"$ref":"#/components/schemas/A"},"n":{"type":"integer"}}})"}};
    SchemaValidator v = compiled(models.at("A"), models);
    CHECK(v.validate(R"({"b":{"n":1,"a":{"b":{"n":2}}}})").empty());
    CHECK(!v.validate(R"({"b":{"n":1,"a":{"b":{}}}})").empty());
  }

  TEST_CASE("a $ref loop that never reaches a schema, or a schema reaching itself, is refused") {
    const std::map<std::string, std::string> loop = {{"A", R"({"$ref":"#/definitions/B"})"},
                                                     {"B", R"({"$ref":"#/definitions/A"})"}};
    auto a = SchemaValidator::compile(R"({"$ref":"#/definitions/A"})", loop);
    REQUIRE(!a.has_value());
    CHECK(a.error().message.find("cyclic $ref") != std::string::npos);
    auto self = SchemaValidator::compile(R"({"allOf":[{"$ref":"#"}]})", {});
    REQUIRE(!self.has_value());
    CHECK(self.error().message.find("without descending") != std::string::npos);
    auto missing = SchemaValidator::compile(R"({"$ref":"#/definitions/Nope"})", {});
    CHECK(!missing.has_value());
    auto bad_pattern = SchemaValidator::compile(R"({"pattern":"(unclosed"})", {});
    CHECK(!bad_pattern.has_value());
  }

  TEST_CASE("ReDoS: a pattern past its match limit gives a bounded, repeatable verdict") {
    SchemaValidator v = compiled(R"({"properties":{"s":{"type":"string","pattern":"^(a+)+$"}}})");
    CHECK(v.validate(R"({"s":"aaaa"})").empty());
    const std::string body = R"({"s":")" + std::string(28, 'a') + R"(!"})";
    BodyCheck first = v.check(body);
    REQUIRE(first.errors.size() == 1);
    CHECK(first.limit.find("exceeded its match limit") != std::string::npos);
    CHECK(first.limit.find("at /s") != std::string::npos);
    BodyCheck again = v.check(body);
    CHECK(again.errors == first.errors);
    CHECK(again.limit == first.limit);
    // Many strings that each stay under the per-match limit still hit the request's budget.
    std::string many = R"({"l":[)";
    for (int i = 0; i < 400; ++i) {
      many += (i ? "," : "") + std::string("\"") + std::string(18, 'a') + "!\"";
    }
    SchemaValidator list =
        compiled(R"({"properties":{"l":{"items":{"type":"string","pattern":"^(a+)+$"}}}})");
    CHECK(list.check(many + "]}").limit.find("exceeded its match limit") != std::string::npos);
  }

  TEST_CASE("1e400 is a number (validated as the largest double), not an exception") {
    SchemaValidator v = compiled(R"({"properties":{"n":{"type":"number"}}})");
    CHECK(v.validate(R"({"n":1e400})").empty());
    CHECK(v.validate(R"({"n":-1E+400,"m":[1e400]})").empty());
    CHECK(v.validate(R"({"n":1e-400})").empty());
    CHECK(v.validate(R"({"n":)" + std::string(400, '9') + "}").empty());
    // Only a valid JSON number is clamped: the parser still rejects these.
    for (const char* bad : {"1e400e5", "01e400", "1.e400", "1e+", "--1e400"}) {
      CAPTURE(bad);
      std::vector<std::string> e = v.validate(std::string(R"({"n":)") + bad + "}");
      REQUIRE(e.size() == 1);
      CHECK(e[0].starts_with("Invalid JSON"));
    }
    SchemaValidator max = compiled(R"({"properties":{"n":{"maximum":10}}})");
    CHECK(!max.validate(R"({"n":1e400})").empty());
    CHECK(!v.validate(R"({"n":"1e400"})").empty());
  }

  TEST_CASE("uniqueItems sorts: 100 000 items validate at once; JSON equality") {
    SchemaValidator v = compiled(R"({"type":"array","uniqueItems":true})");
    std::string body = "[";
    for (int i = 0; i < 100'000; ++i) {
      body += (i ? "," : "") + std::string(R"({"id":)") + std::to_string(i) + R"(,"tag":"x"})";
    }
    CHECK(v.validate(body + "]").empty());
    CHECK(!v.validate(body + R"(,{"tag":"x","id":99999}])").empty());
    CHECK(!v.validate("[1,1.0]").empty());
    CHECK(!v.validate(R"([{"a":[1,{"b":null}]},{"a":[1.0,{"b":null}]}])").empty());
    // Integers beyond 2^53 are compared exactly, and mixing them with doubles is safe to sort.
    CHECK(v.validate("[9007199254740993,9007199254740992.0,9007199254740992]").size() == 1);
    CHECK(v.validate("[9007199254740993,9007199254740992]").empty());
    CHECK(v.validate("[10000000000000000000,1e19]").size() == 1);
    // Parts cannot run into each other: these are all different.
    CHECK(v.validate(
               R"([{"a":5,"b":1},{"a":51,"b":1},{"a":"5","b":1},["a",5],["a5"],"",null,false,0])")
              .empty());
    CHECK(v.validate(R"([1,"1",[1],{"a":1},true,null])").empty());
  }

  TEST_CASE("draft 4 keywords") {
    SchemaValidator v = compiled(R"({"type":"object","minProperties":1,"maxProperties":3,
        "properties":{
          "e":{"enum":["a",1]},
          "m":{"type":"number","multipleOf":0.5,"minimum":0,"exclusiveMinimum":true},
          "t":{"items":[{"type":"integer"},{"type":"string"}],"additionalItems":false},
          "o":{"oneOf":[{"type":"integer"},{"type":"number","maximum":5}]},
          "a":{"anyOf":[{"type":"string"},{"type":"null"}]},
          "n":{"not":{"type":"string"}},
          "l":{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":2}},
        "dependencies":{"e":["m"],"t":{"required":["a"]}}})");
    CHECK(v.validate(R"({"e":"a","m":1.5})").empty());
    CHECK(!v.validate(R"({})").empty());
    CHECK(!v.validate(R"({"e":"b","m":1})").empty());
    CHECK(!v.validate(R"({"e":1})").empty());     // dependency on m
    CHECK(!v.validate(R"({"m":0})").empty());     // exclusive minimum
    CHECK(!v.validate(R"({"m":1.25})").empty());  // multipleOf
    CHECK(v.validate(R"({"t":[1,"x"],"a":null})").empty());
    CHECK(!v.validate(R"({"t":[1,"x",3],"a":null})").empty());
    CHECK(!v.validate(R"({"t":[1]})").empty());  // schema dependency: a
    CHECK(v.validate(R"({"o":7})").empty());
    CHECK(!v.validate(R"({"o":3})").empty());  // both branches
    CHECK(!v.validate(R"({"a":1})").empty());
    CHECK(!v.validate(R"({"n":"s"})").empty());
    CHECK(v.validate(R"({"l":[1,2]})").empty());
    CHECK(!v.validate(R"({"l":[1,2,3]})").empty());
    CHECK(!v.validate(R"({"l":[1.5]})").empty());
    CHECK(compiled(R"({"type":"integer"})").validate("1.5").size() == 1);
    CHECK(compiled(R"({"type":["integer","null"]})").validate("null").empty());
    CHECK(compiled(R"({"maxLength":2})").validate(R"("éé")").empty());  // characters, not bytes
  }

  TEST_CASE("messages follow API Gateway's validator and are capped") {
    SchemaValidator v = compiled(R"({"required":["a","b"],"properties":{"n":{"type":"integer"}}})");
    std::vector<std::string> e = v.validate(R"({"n":"x"})");
    REQUIRE(e.size() == 2);
    CHECK(e[0] == R"(object has missing required properties (["a","b"]) (at /))");
    CHECK(e[1] == R"(instance type (string) does not match any allowed primitive type )"
                  R"((allowed: ["integer"]) (at /n))");
    SchemaValidator items = compiled(R"({"items":{"type":"string"}})");
    CHECK(items.validate("[1]").size() == 1);
    std::string many = "[";
    for (int i = 0; i < 500; ++i) {
      many += (i ? "," : "") + std::to_string(i);
    }
    CHECK(items.validate(many + "]").size() == gw::openapi::schema::kMaxErrors);
  }
}
