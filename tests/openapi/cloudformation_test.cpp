#include "openapi/cloudformation.h"

#include <doctest/doctest.h>

#include <memory>

#include "openapi/yaml_reader.h"

namespace {

using gw::openapi::Node;

Node parse(const char* text) {
  auto r = gw::openapi::parse_yaml(text, std::make_shared<const std::string>("t.yaml"));
  REQUIRE(r.has_value());
  return std::move(*r);
}

std::string value(const Node& root, const char* key) {
  const Node* n = root.find(key);
  REQUIRE(n != nullptr);
  CHECK(n->kind == Node::Kind::String);
  return n->text;
}

}  // namespace

TEST_SUITE("gw::openapi::cloudformation") {
  TEST_CASE("Sub, Ref, GetAtt and Join evaluate with local values and logical ids") {
    Node root = parse(R"yaml(Resources:
  Fn: {Type: AWS::Serverless::Function}
  Queue: {Type: AWS::SQS::Queue}
  Role: {Type: AWS::IAM::Role}
a: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
b: {Ref: Queue}
c: !GetAtt Role.Arn
d: {Fn::Join: ["-", [x, {Ref: AWS::AccountId}, z]]}
e: {Fn::Sub: ["${Greeting} ${!Literal}", {Greeting: hi}]}
f: "arn:aws:apigateway:${AWS::Region}:sns:path//"
g: http://${stageVariables.host}/x
)yaml");
    auto r = gw::openapi::resolve_cloudformation(root, root.find("Resources"));
    // Seven expressions, one of them (the Ref inside the Join) nested.
    CHECK(r.evaluated == 7);
    CHECK(r.first.line == 5);
    CHECK(r.unresolved.empty());
    CHECK(value(root, "a") ==
          "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
          "arn:aws:lambda:us-east-1:123456789012:function:Fn/invocations");
    CHECK(value(root, "b") == "https://sqs.us-east-1.amazonaws.com/123456789012/Queue");
    CHECK(value(root, "c") == "arn:aws:iam::123456789012:role/Role");
    CHECK(value(root, "d") == "x-123456789012-z");
    CHECK(value(root, "e") == "hi ${Literal}");
    CHECK(value(root, "f") == "arn:aws:apigateway:us-east-1:sns:path//");
    CHECK(value(root, "g") == "http://${stageVariables.host}/x");
  }

  TEST_CASE("what cannot be evaluated is left in place") {
    Node root = parse(R"yaml(a: {Fn::ImportValue: shared}
b: !Sub ${AWS::Unknown}
c: {Fn::If: [cond, x, y]}
Resources: {}
d: !GetAtt NotInTemplate.Arn
)yaml");
    auto r = gw::openapi::resolve_cloudformation(root, root.find("Resources"));
    CHECK(r.evaluated == 0);
    REQUIRE(r.unresolved.size() == 1);  // only a Sub says why
    CHECK(r.unresolved[0].first.line == 2);
    CHECK(r.unresolved[0].second ==
          "'${AWS::Unknown}' is neither a pseudo parameter nor a resource of the template");
    CHECK(root.find("a")->is_map());
    CHECK(root.find("b")->tag == "!Sub");
  }
}
