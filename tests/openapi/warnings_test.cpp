#include <doctest/doctest.h>

#include "openapi/loader.h"

namespace gw::openapi {
namespace {

TEST_SUITE("gw::openapi::warnings") {
  TEST_CASE("unknown extensions anywhere and unknown integration keys, with did-you-mean") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
x-amazon-apigateway-binary-media-type: [image/png]
paths:
  /a:
    get:
      x-amazon-apigateway-integraton: {type: mock}
      x-amazon-apigateway-integration:
        type: mock
        passthroughBehaviour: NEVER
        responses:
          default: {statusCode: "200", responseTemplate: {}}
x-gw:
  stage: {}
)yaml",
                                   "spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const auto& w = r->warnings;
    REQUIRE(w.size() == 5);
    CHECK(w[0].str() == "spec.yaml:2:1: unknown extension 'x-amazon-apigateway-binary-media-type'");
    CHECK(w[0].hint == "did you mean 'x-amazon-apigateway-binary-media-types'?");
    CHECK(w[1].str() == "spec.yaml:6:7: unknown extension 'x-amazon-apigateway-integraton'");
    CHECK(w[1].hint == "did you mean 'x-amazon-apigateway-integration'?");
    CHECK(w[2].message == "unknown integration key 'passthroughBehaviour'");
    CHECK(w[2].hint == "did you mean 'passthroughBehavior'?");
    CHECK(w[2].where.line == 9);
    CHECK(w[3].message == "unknown integration response key 'responseTemplate'");
    CHECK(w[3].hint == "did you mean 'responseTemplates'?");
    CHECK(w[4].message == "unknown x-gw key 'stage'");
    CHECK(w[4].hint == "did you mean 'stages'?");
  }

  TEST_CASE("a WebSocket API's access log settings are warned about as not written yet") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  apiType: WEBSOCKET
  routes:
    $connect:
  stages:
    prod:
      accessLogSettings: {format: CLF}
)yaml",
                                   "spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].str() ==
          "spec.yaml:9:35: x-gw.stages.prod.accessLogSettings: gw writes no WebSocket API access "
          "logs yet: ignored");
  }

  TEST_CASE("an unknown canary setting is a warning with its nearest name") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      canary: {percentTrafic: 10, deploymentId: d1}
)yaml",
                                   "spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].message == "unknown canary setting 'percentTrafic'");
    CHECK(r->warnings[0].hint == "did you mean 'percentTraffic'?");
    CHECK(r->warnings[0].where.line == 6);
  }

  TEST_CASE("an unresolvable role is a warning, not an error (gw never assumes it)") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: aws
        uri: arn:aws:apigateway:us-east-1:sqs:path/1/q
        credentials: {Fn::ImportValue: shared-role}
)yaml",
                                   "spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].message.find("'Fn::ImportValue'; ignored") != std::string::npos);
    CHECK(r->api->operations[0].integration->credentials.empty());
  }

  TEST_CASE("stage variables in an integration uri are kept, not placeholders") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: http://${stageVariables.host}/a
)yaml",
                                   "spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->operations[0].integration->uri == "http://${stageVariables.host}/a");
  }

  TEST_CASE("SAM templates: the first API's DefinitionBody, positions in the template") {
    Result<Loaded> r = load_string(R"yaml(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
  Api:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionBody:
        swagger: "2.0"
        info: {title: sam}
        paths:
          /hello:
            get:
              responses: {}
              parameters: [{$ref: "#/parameters/P"}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/x
        parameters:
          P: {name: p, in: query, type: string}
)yaml",
                                   "template.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->operations[0].integration->uri == "arn:aws:apigateway:us-east-1:lambda:path/x");
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].where.str() == "template.yaml:19:22");
    CHECK(r->warnings[0].hint.find("x-gw.functions") != std::string::npos);
  }

  TEST_CASE("SAM templates with a literal uri load, $refs relative to DefinitionBody") {
    Result<Loaded> r = load_string(R"yaml(Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /hello:
            get:
              parameters: [{$ref: "#/components/parameters/P"}]
        components:
          parameters:
            P: {name: p, in: query}
)yaml",
                                   "template.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->operations[0].parameters[0].name == "p");
    CHECK(r->api->where.str() == "template.yaml:6:9");
  }
}

}  // namespace
}  // namespace gw::openapi
