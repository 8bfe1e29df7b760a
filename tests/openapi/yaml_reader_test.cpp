#include "openapi/yaml_reader.h"

#include <doctest/doctest.h>

#include <cmath>

namespace gw::openapi {
namespace {

Node parse(std::string_view text, const std::string& name = "t.yaml") {
  Result<Node> r = parse_yaml(text, std::make_shared<const std::string>(name));
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
  return std::move(*r);
}

Error parse_error(std::string_view text, const std::string& name = "t.yaml") {
  Result<Node> r = parse_yaml(text, std::make_shared<const std::string>(name));
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

TEST_SUITE("gw::openapi::yaml_reader") {
  TEST_CASE("every node and key has a 1-based position and the file name, shared") {
    Node root = parse("a: 1\nlist:\n  - x\n  - {k: v}\n");
    REQUIRE(root.is_map());
    CHECK(root.loc.line == 1);
    CHECK(root.loc.column == 1);
    REQUIRE(root.entries.size() == 2);
    CHECK(root.entries[1].key == "list");
    CHECK(root.entries[1].key_loc.line == 2);
    CHECK(root.entries[1].key_loc.column == 1);
    const Node& list = root.entries[1].value;
    REQUIRE(list.items.size() == 2);
    CHECK(list.items[1].loc.line == 4);
    CHECK(list.items[1].loc.column == 5);
    const Node* v = list.items[1].find("k");
    REQUIRE(v != nullptr);
    CHECK(v->loc.str() == "t.yaml:4:9");
    CHECK(v->loc.file.get() == root.loc.file.get());
  }

  TEST_CASE("plain scalars resolve per the core schema; quoted ones stay strings") {
    Node r = parse(
        "n1: ~\nn2: null\nn3:\nb1: true\nb2: False\ni: -42\nh: 0x1F\no: 0o17\nf: 1.5e3\n"
        "inf: -.inf\nnan: .nan\ns1: 'true'\ns2: \"12\"\ns3: yes\ns4: 1.2.3\ns5: !!str 7\n");
    CHECK(r.find("n1")->kind == Node::Kind::Null);
    CHECK(r.find("n2")->kind == Node::Kind::Null);
    CHECK(r.find("n3")->kind == Node::Kind::Null);
    CHECK(r.find("b1")->boolean);
    CHECK(r.find("b2")->kind == Node::Kind::Bool);
    CHECK_FALSE(r.find("b2")->boolean);
    CHECK(r.find("i")->number == -42);
    CHECK(r.find("h")->number == 31);
    CHECK(r.find("o")->number == 15);
    CHECK(r.find("f")->number == 1500);
    CHECK(std::isinf(r.find("inf")->number));
    CHECK(std::isnan(r.find("nan")->number));
    for (const char* k : {"s1", "s2", "s3", "s4", "s5"}) {
      CAPTURE(k);
      CHECK(r.find(k)->kind == Node::Kind::String);
    }
    CHECK(r.find("s5")->text == "7");
  }

  TEST_CASE("anchors, aliases and merge keys") {
    Node r = parse("base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n");
    CHECK(r.find("copy")->find("y")->number == 2);
    const Node* m = r.find("merged");
    CHECK(m->find("x")->number == 1);
    CHECK(m->find("y")->number == 3);  // explicit keys win over merged ones
  }

  TEST_CASE("custom tags are kept (CloudFormation short forms)") {
    Node r = parse("uri: !Sub 'arn:${AWS::Region}'\n");
    CHECK(r.find("uri")->tag == "!Sub");
  }

  TEST_CASE("a syntax error is positioned with libyaml's problem") {
    Error e = parse_error("a: 1\n b: 2\n");
    CHECK(e.kind == ErrorKind::BadInput);
    CHECK(e.where.line == 2);
    CHECK(e.message.find("mapping values are not allowed") != std::string::npos);
  }

  TEST_CASE("duplicate keys are an error at the second key") {
    Error e = parse_error("a: 1\nb: 2\na: 3\n");
    CHECK(e.where.line == 3);
    CHECK(e.message.find("duplicate key 'a' (first defined at line 1)") != std::string::npos);
  }

  TEST_CASE("duplicate keys in a large map are found too") {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      text.append("k").append(std::to_string(i)).append(": 1\n");
    }
    text += "k7: 2\n";
    CHECK(parse_error(text).where.line == 41);
  }

  TEST_CASE("JSON: tabs between tokens, escapes, numbers") {
    Node r = parse("{\n\t\"a\":\t1,\n\t\"b\": \"x\\/y\\u00e9\\t\",\n\t\"c\": [true, null, 1e2]\n}",
                   "t.json");
    CHECK(r.find("a")->number == 1);
    CHECK(r.find("a")->loc.line == 2);
    CHECK(r.find("a")->loc.column == 7);  // a tab is one column, as in libyaml
    CHECK(r.find("b")->text == "x/y\xc3\xa9\t");
    CHECK(r.find("c")->items[2].number == 100);
    CHECK(r.find("c")->items[1].kind == Node::Kind::Null);
  }

  TEST_CASE("JSON: a trailing comma is rejected for .json files with a position") {
    Error e = parse_error("{\"a\": 1,\n}", "t.json");
    CHECK(e.message.find("invalid JSON") != std::string::npos);
    CHECK(e.where.line == 2);
  }

  TEST_CASE("JSON libyaml cannot read (a key over 1024 characters) falls back to nlohmann") {
    std::string key(2000, 'k');
    Node r = parse("{\"" + key + "\": [1, \"x\"], \"b\": {}}", "t.json");
    REQUIRE(r.entries.size() == 2);
    CHECK(r.entries[0].key == key);
    CHECK(r.entries[0].value.items[1].text == "x");
    CHECK(r.entries[1].key == "b");  // order kept
    Error e = parse_error("{\"" + key + "\": [1, ", "t.json");
    CHECK(e.message.find("invalid JSON") != std::string::npos);
    CHECK(e.where.line == 1);
  }

  TEST_CASE("an alias bomb is refused instead of exhausting memory") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c) {
      text.push_back(c);
      text.append(": &");
      text.push_back(c);
      text.append(" [");
      for (int i = 0; i < 10; ++i) {
        text.append(i == 0 ? "*" : ", *");
        text.push_back(prev);
      }
      text.append("]\n");
      prev = c;
    }
    CHECK(parse_error(text).message.find("too many nodes") != std::string::npos);
  }

  TEST_CASE("to_json_text keeps order and normalises numbers") {
    Node r = parse("b: 0x10\na: [1, 'two', .5]\nc: {d: null}\n");
    CHECK(to_json_text(r) == R"({"b":16,"a":[1,"two",0.5],"c":{"d":null}})");
  }

  TEST_CASE("issue 16: absurd nesting is a positioned error, in YAML, JSON and through aliases") {
    const std::string deep = "x: " + std::string(20'000, '[') + std::string(20'000, ']') + "\n";
    Error yaml = parse_error(deep);
    CHECK(yaml.message == "the document nests deeper than 1000 levels");
    CHECK(yaml.where.line == 1);
    CHECK(yaml.where.column == 1003);  // the '[' that opens level 1001 (the map is level 1)
    Error json = parse_error("{\"x\":" + std::string(20'000, '[') + std::string(20'000, ']') + "}",
                             "t.json");
    CHECK(json.message == "the document nests deeper than 1000 levels");
    CHECK(json.where.str().starts_with("t.json:1:"));
    // 999 levels under the root map are fine.
    parse("x: " + std::string(999, '[') + std::string(999, ']') + "\n");
    // An alias of a deep anchor placed deep would nest past the bound.
    std::string alias = "a: &deep " + std::string(600, '[') + std::string(600, ']') + "\n" +
                        "b: " + std::string(600, '[') + "*deep" + std::string(600, ']') + "\n";
    CHECK(parse_error(alias).message == "the document nests deeper than 1000 levels");
  }
}

}  // namespace
}  // namespace gw::openapi
