#include <doctest/doctest.h>

#include "openapi/loader.h"

namespace gw::openapi {
namespace {

Loaded ok(std::string_view text, const std::string& name = "/virtual/spec.yaml") {
  Result<Loaded> r = load_string(text, name);
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
  return std::move(*r);
}

Error bad(std::string_view text) {
  Result<Loaded> r = load_string(text, "/virtual/spec.yaml");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::BadInput);
  return r.error();
}

constexpr std::string_view kRest = R"yaml(openapi: 3.0.1
info: {title: Pets, version: "2.1"}
servers:
  - url: "https://{host}/{basePath}"
    variables: {host: {default: example.com}, basePath: {default: v1/}}
x-amazon-apigateway-api-key-source: authorizer
x-amazon-apigateway-binary-media-types: [image/png, "*/*"]
x-amazon-apigateway-minimum-compression-size: 1024
x-amazon-apigateway-endpoint-configuration: {types: [REGIONAL], disableExecuteApiEndpoint: true}
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement: [{Effect: Allow, Principal: "*", Action: "execute-api:Invoke", Resource: "*"}]
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
x-amazon-apigateway-request-validator: all
x-amazon-apigateway-gateway-responses:
  DEFAULT_4XX:
    statusCode: "400"
    responseParameters: {gatewayresponse.header.X-A: "'b'"}
    responseTemplates: {application/json: '{"m": $context.error.messageString}'}
security: [{key: []}]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: q, in: query, schema: {type: string}}
    get:
      operationId: getPet
      summary: Get one
      parameters:
        - {name: q, in: query, required: true, schema: {type: integer}}
      responses: {"200": {description: ok}, default: {description: err}}
      x-amazon-apigateway-request-validator: none
      x-amazon-apigateway-auth: {type: aws_iam}
      x-amazon-apigateway-integration:
        type: AWS
        httpMethod: post
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:F/invocations
        credentials: arn:aws:iam::1:role/r
        passthroughBehavior: when_no_templates
        contentHandling: CONVERT_TO_TEXT
        timeoutInMillis: 5000
        cacheKeyParameters: [method.request.path.id]
        cacheNamespace: ns
        requestParameters: {integration.request.header.X: "'v'"}
        requestTemplates: {application/json: '{"id": "$input.params(''id'')"}'}
        responses:
          "4\\d{2}": {statusCode: 400, responseTemplates: {application/json: '{}'}}
          default:
            statusCode: "200"
            responseParameters: {method.response.header.X: integration.response.header.Y}
            contentHandling: CONVERT_TO_BINARY
    post:
      security: []
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/Pet"}}
      responses: {"201": {description: created}}
    x-amazon-apigateway-any-method:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration: {type: mock}
    options:
      responses: {"200": {description: ok}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
  securitySchemes:
    key: {type: apiKey, name: x-api-key, in: header}
    tok:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: TOKEN
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:A/invocations
        identitySource: method.request.header.Authorization
        identityValidationExpression: "^Bearer .+$"
        authorizerResultTtlInSeconds: 60
    pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: [arn:aws:cognito-idp:us-east-1:1:userpool/p]
)yaml";

TEST_SUITE("gw::openapi::to_model") {
  TEST_CASE("API-level fields and extensions") {
    Loaded l = ok(kRest);
    const model::Api& api = *l.api;
    CHECK(api.title == "Pets");
    CHECK(api.version == "2.1");
    CHECK(api.openapi_version == "3.0.1");
    CHECK(api.base_path == "/v1");
    CHECK(api.api_key_source == "AUTHORIZER");
    CHECK(api.binary_media_types == std::vector<std::string>{"image/png", "*/*"});
    CHECK(api.minimum_compression_size == 1024);
    CHECK(api.endpoint_types == std::vector<std::string>{"REGIONAL"});
    CHECK(api.disable_execute_api_endpoint);
    CHECK(api.policy_json.starts_with(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow")"));
    CHECK(api.request_validators.at("all").validate_body);
    CHECK(api.default_request_validator == "all");
    const model::GatewayResponse& g = api.gateway_responses.at("DEFAULT_4XX");
    CHECK(g.status_code == 400);
    CHECK(g.response_parameters.at("gatewayresponse.header.X-A") == "'b'");
    CHECK(g.where.line == 18);
    CHECK(api.default_security_names == std::vector<std::string>{"key"});
    CHECK(api.models.at("Pet") == R"({"type":"object","properties":{"name":{"type":"string"}}})");
    CHECK(api.where.str() == "/virtual/spec.yaml:1:1");
    CHECK(*api.spec_path == "/virtual/spec.yaml");
    CHECK(l.warnings.empty());
  }

  TEST_CASE("operations in document order with route keys, merged parameters, bodies") {
    auto keep = ok(kRest).api;
    const model::Api& api = *keep;
    REQUIRE(api.operations.size() == 4);
    CHECK(api.operations[0].route_key == "GET /pets/{id}");
    CHECK(api.operations[1].route_key == "POST /pets/{id}");
    CHECK(api.operations[2].route_key == "ANY /pets/{id}");
    CHECK(api.operations[3].method == "OPTIONS");
    const model::Operation& get = api.operations[0];
    CHECK(get.operation_id == "getPet");
    CHECK(get.summary == "Get one");
    CHECK(get.where.line == 28);  // a block map starts at its first key
    REQUIRE(get.parameters.size() == 2);
    CHECK(get.parameters[0].name == "id");
    CHECK(get.parameters[0].required);
    CHECK(get.parameters[1].name == "q");  // the operation's q replaces the path item's
    CHECK(get.parameters[1].required);
    CHECK(get.parameters[1].schema_json == R"({"type":"integer"})");
    CHECK(get.response_codes == std::vector<std::string>{"200", "default"});
    CHECK(get.request_validator == "none");
    CHECK(get.auth_type == "AWS_IAM");
    CHECK_FALSE(get.security.has_value());
    CHECK(get.api_key_required);  // inherits security: [{key: []}], an x-api-key scheme
    const model::Operation& post = api.operations[1];
    CHECK(post.request_body_required);
    CHECK(post.request_body_schemas.at("application/json") ==
          R"({"type":"object","properties":{"name":{"type":"string"}}})");
    REQUIRE(post.security.has_value());
    CHECK(post.security->empty());
    CHECK_FALSE(post.api_key_required);
  }

  TEST_CASE("x-amazon-apigateway-integration, every field") {
    auto keep = ok(kRest).api;
    const model::Api& api = *keep;
    REQUIRE(api.operations[0].integration.has_value());
    const model::Integration& in = *api.operations[0].integration;
    CHECK(in.type == model::IntegrationType::Aws);
    CHECK(in.http_method == "POST");
    CHECK(in.uri.ends_with("function:F/invocations"));
    CHECK(in.credentials == "arn:aws:iam::1:role/r");
    CHECK(in.passthrough_behavior == "WHEN_NO_TEMPLATES");
    CHECK(in.content_handling == "CONVERT_TO_TEXT");
    CHECK(in.timeout_ms == 5000);
    CHECK(in.cache_key_parameters == std::vector<std::string>{"method.request.path.id"});
    CHECK(in.cache_namespace == "ns");
    CHECK(in.request_parameters.at("integration.request.header.X") == "'v'");
    CHECK(in.request_templates.at("application/json") == R"t({"id": "$input.params('id')"})t");
    REQUIRE(in.responses.size() == 2);
    CHECK(in.responses[0].selection_pattern == "4\\d{2}");
    CHECK(in.responses[0].status_code == "400");
    CHECK(in.responses[1].selection_pattern == "default");
    CHECK(in.responses[1].response_parameters.at("method.response.header.X") ==
          "integration.response.header.Y");
    CHECK(in.responses[1].content_handling == "CONVERT_TO_BINARY");
    CHECK(in.where.line == 36);
    CHECK(api.operations[2].integration->type == model::IntegrationType::Mock);
    CHECK(api.operations[2].integration->timeout_ms == 29000);
    CHECK_FALSE(api.operations[3].integration.has_value());
  }

  TEST_CASE("authorizers on security schemes") {
    auto keep = ok(kRest).api;
    const model::Api& api = *keep;
    const model::Authorizer& tok = api.authorizers.at("tok");
    CHECK(tok.type == "token");
    CHECK(tok.auth_type == "custom");
    CHECK(tok.identity_source == "method.request.header.Authorization");
    CHECK(tok.identity_validation_expression == "^Bearer .+$");
    CHECK(tok.result_ttl_seconds == 60);
    CHECK(tok.scheme_header_name == "Authorization");
    CHECK(api.authorizers.at("pool").provider_arns.size() == 1);
    CHECK(api.authorizers.at("key").scheme_type == "apiKey");
    CHECK(api.authorizers.at("key").type.empty());
  }

  TEST_CASE("HTTP API: $default route, cors, payload format, jwt authorizer, tls") {
    Loaded l = ok(R"yaml(openapi: 3.0.1
info: {title: h, version: "1"}
x-amazon-apigateway-importexport-version: "1.0"
x-amazon-apigateway-cors:
  allowOrigins: ["https://a.example"]
  allowMethods: [GET, POST]
  allowCredentials: true
  maxAge: 300
paths:
  /$default:
    x-amazon-apigateway-any-method:
      security: [{jwt: [read]}]
      x-amazon-apigateway-integration:
        type: HTTP_PROXY
        httpMethod: ANY
        uri: https://backend.example/{proxy}
        payloadFormatVersion: 1.0
        connectionType: VPC_LINK
        connectionId: ${stageVariables.link}
        tlsConfig: {serverNameToVerify: backend.example}
        timeoutInMillis: 30000
        responseParameters:
          "200": {overwrite:statuscode: "204"}
components:
  securitySchemes:
    jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: [$request.header.Authorization]
        jwtConfiguration: {issuer: "https://issuer.example", audience: [aud1, aud2]}
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
)yaml");
    const model::Api& api = *l.api;
    CHECK(api.type == model::ApiType::Http);
    CHECK(api.type_reason == "inferred: x-amazon-apigateway-importexport-version");
    REQUIRE(api.operations.size() == 1);
    CHECK(api.operations[0].route_key == "$default");
    CHECK(api.operations[0].method == "ANY");
    const model::Integration& in = *api.operations[0].integration;
    CHECK(in.payload_format_version == "1.0");
    CHECK(in.connection_type == "VPC_LINK");
    CHECK(in.connection_id == "${stageVariables.link}");
    CHECK(in.tls->server_name_to_verify == "backend.example");
    CHECK(in.timeout_ms == 30000);  // fact 34: HTTP APIs allow up to 30 s
    CHECK(in.response_parameters_by_status.at("200").at("overwrite:statuscode") == "204");
    REQUIRE(api.cors.has_value());
    CHECK(api.cors->allow_origins == std::vector<std::string>{"https://a.example"});
    CHECK(api.cors->allow_credentials);
    CHECK(api.cors->max_age == 300);
    const model::Authorizer& jwt = api.authorizers.at("jwt");
    CHECK(jwt.jwt_issuer == "https://issuer.example");
    CHECK(jwt.jwt_audience == std::vector<std::string>{"aud1", "aud2"});
    CHECK(jwt.enable_simple_responses);
    CHECK(jwt.payload_format_version == "2.0");
    CHECK(jwt.identity_source == "$request.header.Authorization");
  }

  TEST_CASE("Swagger 2.0: basePath, body parameter per consumed type, any-method") {
    auto keep = ok(R"yaml(swagger: "2.0"
info: {title: s, version: "1"}
basePath: /prod
consumes: [application/json, application/xml]
securityDefinitions:
  api_key: {type: apiKey, name: x-api-key, in: header}
paths:
  /items:
    post:
      security: [{api_key: []}]
      parameters:
        - {name: body, in: body, required: true, schema: {$ref: "#/definitions/Item"}}
        - {name: limit, in: query, type: integer, minimum: 1}
      responses: {"200": {description: ok}}
definitions:
  Item: {type: object}
)yaml").api;
    const model::Api& api = *keep;
    CHECK(api.openapi_version == "2.0");
    CHECK(api.base_path == "/prod");
    REQUIRE(api.operations.size() == 1);
    const model::Operation& op = api.operations[0];
    CHECK(op.request_body_schemas.at("application/json") == R"({"type":"object"})");
    CHECK(op.request_body_schemas.at("application/xml") == R"({"type":"object"})");
    CHECK(op.request_body_required);
    REQUIRE(op.parameters.size() == 1);
    CHECK(op.parameters[0].schema_json == R"({"type":"integer","minimum":1})");
    CHECK(op.api_key_required);
    CHECK(api.models.at("Item") == R"({"type":"object"})");
  }

  TEST_CASE("integrations referenced from components.x-amazon-apigateway-integrations") {
    auto keep = ok(R"yaml(openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration: {$ref: "#/components/x-amazon-apigateway-integrations/m"}
components:
  x-amazon-apigateway-integrations:
    m: {type: mock, payloadFormatVersion: "2.0"}
)yaml").api;
    const model::Api& api = *keep;
    CHECK(api.operations[0].integration->type == model::IntegrationType::Mock);
    CHECK(api.type == model::ApiType::Http);
    CHECK(api.type_reason == "inferred: an integration sets payloadFormatVersion");
  }

  TEST_CASE("a uri is required except for mock and HTTP APIs' AWS service subtypes") {
    auto keep = ok(R"yaml(openapi: 3.0.1
x-amazon-apigateway-importexport-version: "1.0"
paths:
  /q:
    post:
      x-amazon-apigateway-integration:
        type: aws_proxy
        integrationSubtype: SQS-SendMessage
        payloadFormatVersion: "1.0"
        requestParameters: {QueueUrl: "https://sqs.example/q", MessageBody: $request.body}
)yaml").api;
    const model::Api& api = *keep;
    CHECK(api.operations[0].integration->integration_subtype == "SQS-SendMessage");
    CHECK(api.operations[0].integration->request_parameters.at("MessageBody") == "$request.body");
    Error e = bad("openapi: 3.0.1\npaths: {/a: {get: {x-amazon-apigateway-integration: "
                  "{type: HTTP}}}}\n");
    CHECK(e.message == "x-amazon-apigateway-integration of type 'http' has no 'uri'");
  }

  TEST_CASE("errors are positioned and never crash on wrong types") {
    CHECK(bad("openapi: 3.0.1\npaths: []\n").where.str() == "/virtual/spec.yaml:2:8");
    CHECK(bad("openapi: 3.0.1\ninfo: 3\n").message == "info: expected a map, got number");
    CHECK(bad("[1, 2]\n").message == "the document: expected a map, got list");
    CHECK(bad("openapi: 3.0.1\npaths: {/a: {get: {parameters: {}}}}\n").message ==
          "paths./a.get.parameters: expected a list, got map");
    Error t = bad(R"yaml(openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration: {type: mock, timeoutInMillis: 20}
)yaml");
    CHECK(t.message == "timeoutInMillis 20 is out of range (50-29000 for REST APIs)");  // fact 34
    CHECK(t.where.line == 5);
    Error typo = bad(R"yaml(openapi: 3.0.1
paths:
  /a:
    get:
      x-amazon-apigateway-integration: {type: http_prxy, uri: "http://x"}
)yaml");
    CHECK(typo.hint == "did you mean 'http_proxy'?");
    Error ws = bad("swagger: '3.0'\n");
    CHECK(ws.message == "unsupported Swagger version '3.0'");
  }
}

}  // namespace
}  // namespace gw::openapi
