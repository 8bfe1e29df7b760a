#include "openapi/schema_validator.h"

#include <doctest/doctest.h>

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
