// AWS service integrations: uri parsing, forwarding with SigV4 to x-gw.awsServices.endpoint,
// and the local sink's answers.
#include "core/integrations/aws_service.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/auth/sigv4.h"
#include "core/integrations/aws_sink.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using nlohmann::json;

namespace {

model::Integration aws(std::string uri, std::string request_template) {
  model::Integration i;
  i.type = model::IntegrationType::Aws;
  i.uri = std::move(uri);
  i.http_method = "POST";
  i.request_templates["application/json"] = std::move(request_template);
  model::IntegrationResponse r;
  r.selection_pattern = "default";
  r.status_code = "200";
  i.responses.push_back(r);
  return i;
}

Request post(std::string body) {
  Request r = request("POST", "/local/x", "", std::move(body));
  r.headers.add("Content-Type", "application/json");
  return r;
}

}  // namespace

TEST_SUITE("gw::integrations::AwsServiceIntegration") {
  TEST_CASE("uri forms: action and path, region and service") {
    auto a = integrations::parse_aws_service_uri("arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem");
    REQUIRE(a);
    CHECK(a->region == "eu-west-1");
    CHECK(a->service == "dynamodb");
    CHECK(a->action);
    CHECK(a->rest == "PutItem");
    auto p = integrations::parse_aws_service_uri("arn:aws:apigateway:us-east-1:s3:path/bucket/key.txt");
    REQUIRE(p);
    CHECK_FALSE(p->action);
    CHECK(p->rest == "bucket/key.txt");
    CHECK_FALSE(integrations::parse_aws_service_uri("arn:aws:apigateway:us-east-1:sqs"));
    CHECK_FALSE(integrations::parse_aws_service_uri("https://example.com/x"));
  }

  TEST_CASE("forwarded to the endpoint with X-Amz-Target and a SigV4 signature that verifies") {
    model::Api api = rest_api({operation(
        "POST", "/x", aws("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem",
                          R"t({"TableName": "t", "Item": {"id": {"S": "$input.path('$.id')"}}})t"))});
    api.gw.aws_services_endpoint = "http://127.0.0.1:4566";
    api.gw.aws_services_access_key_id = "AKIDEXAMPLE";
    api.gw.aws_services_secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    GatewayFixture f(std::move(api));
    f.http.next.status = 200;
    f.http.next.body = "{}";
    Response r = f.handle(post(R"({"id": "a1"})"));
    CHECK(r.status == 200);
    REQUIRE(f.http.calls.size() == 1);
    const HttpCall& c = f.http.calls[0];
    CHECK(c.url == "http://127.0.0.1:4566/");
    CHECK(c.body == R"({"TableName": "t", "Item": {"id": {"S": "a1"}}})");
    CHECK(c.headers.get("X-Amz-Target") == "DynamoDB_20120810.PutItem");
    CHECK(c.headers.get("Content-Type") == "application/x-amz-json-1.0");
    CHECK(c.headers.get("X-Amz-Date") == "20251125T211023Z");
    std::string authz(*c.headers.get("Authorization"));
    CHECK(authz.starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251125/us-east-1/dynamodb/aws4_request, "));
    // The signature verifies as gw's own AWS_IAM check computes it.
    Request as_received;
    as_received.method = c.method;
    as_received.path = "/";
    as_received.headers = c.headers;
    as_received.body = c.body;
    auto parsed = auth::parse_sigv4(as_received);
    REQUIRE(parsed);
    CHECK(parsed->signature ==
          auth::sigv4_signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", *parsed,
                                auth::string_to_sign(*parsed,
                                                     auth::canonical_request(as_received, *parsed))));
  }

  TEST_CASE("the sink answers SQS SendMessage as SQS does, with the body's MD5") {
    model::Integration i = aws("arn:aws:apigateway:us-east-1:sqs:path/111122223333/q",
                               "Action=SendMessage&MessageBody=hello");
    model::IntegrationResponse& d = i.responses[0];
    d.response_templates["application/json"] =
        "$input.path('$.SendMessageResponse.SendMessageResult.MD5OfMessageBody')";
    GatewayFixture f(rest_api({operation("POST", "/x", i)}));
    Response r = f.handle(post("{}"));
    CHECK(r.status == 200);
    CHECK(r.body == "5d41402abc4b2a76b9719d911017c592");
    REQUIRE(f.log.calls.size() == 1);
    CHECK(f.log.calls[0].target == "sqs:111122223333/q");
  }

  TEST_CASE("an action the sink does not know answers 500 and says so") {
    GatewayFixture f(rest_api(
        {operation("POST", "/x", aws("arn:aws:apigateway:us-east-1:dynamodb:action/Scan", "{}"))}));
    Response r = f.handle(post("{}"));
    CHECK(r.status == 500);
    REQUIRE_FALSE(f.log.warnings.empty());
    CHECK(f.log.warnings[0].find("dynamodb:Scan") != std::string::npos);
  }
}

TEST_SUITE("gw::integrations::AwsSink") {
  TEST_CASE("DynamoDB: put, get, update (SET), query, delete in memory") {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023)));
    SeededRandom random(1);
    integrations::AwsSink sink("", clock, random);
    auto call = [&](std::string action, json body) {
      auto r = sink.call({"us-east-1", "dynamodb", action, "", "POST", body.dump()});
      REQUIRE(r);
      return json::parse(r->body);
    };
    call("PutItem", {{"TableName", "t"}, {"Item", {{"pk", {{"S", "u1"}}}, {"n", {{"N", "1"}}}}}});
    call("PutItem", {{"TableName", "t"}, {"Item", {{"pk", {{"S", "u2"}}}, {"n", {{"N", "2"}}}}}});
    CHECK(call("GetItem", {{"TableName", "t"}, {"Key", {{"pk", {{"S", "u1"}}}}}})["Item"]["n"] ==
          json{{"N", "1"}});
    CHECK(call("GetItem", {{"TableName", "t"}, {"Key", {{"pk", {{"S", "zz"}}}}}}) == json::object());
    json updated = call("UpdateItem", {{"TableName", "t"},
                                       {"Key", {{"pk", {{"S", "u1"}}}}},
                                       {"UpdateExpression", "SET #n = :v"},
                                       {"ExpressionAttributeNames", {{"#n", "n"}}},
                                       {"ExpressionAttributeValues", {{":v", {{"N", "9"}}}}},
                                       {"ReturnValues", "ALL_NEW"}});
    CHECK(updated["Attributes"]["n"] == json{{"N", "9"}});
    json q = call("Query", {{"TableName", "t"},
                            {"KeyConditionExpression", "pk = :p"},
                            {"ExpressionAttributeValues", {{":p", {{"S", "u2"}}}}}});
    CHECK(q["Count"] == 1);
    CHECK(q["Items"][0]["n"] == json{{"N", "2"}});
    CHECK(call("Scan", {{"TableName", "t"}})["Count"] == 2);
    call("DeleteItem", {{"TableName", "t"}, {"Key", {{"pk", {{"S", "u2"}}}}}});
    CHECK(call("GetItem", {{"TableName", "t"}, {"Key", {{"pk", {{"S", "u2"}}}}}}) == json::object());
  }

  TEST_CASE("S3: put then get an object; a missing key is NoSuchKey") {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023)));
    SeededRandom random(1);
    integrations::AwsSink sink("", clock, random);
    auto put = sink.call({"us-east-1", "s3", "", "b/k.txt", "PUT", "data"});
    REQUIRE(put);
    CHECK(put->headers.get("ETag") == "\"8d777f385d3dfec8815d20f7496026dc\"");
    auto got = sink.call({"us-east-1", "s3", "", "b/k.txt", "GET", ""});
    REQUIRE(got);
    CHECK(got->body == "data");
    auto missing = sink.call({"us-east-1", "s3", "", "b/none", "GET", ""});
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->body.find("<Code>NoSuchKey</Code>") != std::string::npos);
  }

  TEST_CASE("Step Functions, EventBridge, Kinesis and SNS answer with their response shapes") {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023)));
    SeededRandom random(1);
    integrations::AwsSink sink("", clock, random);
    auto sfn = sink.call({"us-east-1", "states", "StartExecution", "", "POST",
                          R"({"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m", "name": "run1"})"});
    REQUIRE(sfn);
    CHECK(json::parse(sfn->body)["executionArn"] == "arn:aws:states:us-east-1:1:execution:m:run1");
    auto ev = sink.call({"us-east-1", "events", "PutEvents", "", "POST", R"({"Entries": [{}, {}]})"});
    REQUIRE(ev);
    CHECK(json::parse(ev->body)["Entries"].size() == 2);
    auto kin = sink.call({"us-east-1", "kinesis", "PutRecord", "", "POST", "{}"});
    REQUIRE(kin);
    CHECK(json::parse(kin->body)["ShardId"] == "shardId-000000000000");
    auto sns = sink.call({"us-east-1", "sns", "", "", "POST", "Action=Publish&Message=hi"});
    REQUIRE(sns);
    CHECK(json::parse(sns->body)["PublishResponse"]["PublishResult"].contains("MessageId"));
  }
}

TEST_SUITE("gw::integrations::AwsSubtypeIntegration") {
  model::Api subtype_api(std::string subtype, std::map<std::string, std::string> params) {
    model::Integration i;
    i.type = model::IntegrationType::AwsProxy;
    i.integration_subtype = std::move(subtype);
    i.payload_format_version = "1.0";
    i.request_parameters = std::move(params);
    model::Api api = rest_api({operation("POST", "/submit", i)});
    api.type = model::ApiType::Http;
    api.operations[0].route_key = "POST /submit";
    return api;
  }

  TEST_CASE("SQS-SendMessage: $request.body becomes MessageBody; the sink answers as SQS") {
    GatewayFixture f(subtype_api("SQS-SendMessage", {{"QueueUrl", "https://sqs/q"},
                                                      {"MessageBody", "$request.body"}}));
    Request req = request("POST", "/submit", "", "hello");
    Response r = f.handle(req);
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["SendMessageResponse"]["SendMessageResult"]["MD5OfMessageBody"] ==
          "5d41402abc4b2a76b9719d911017c592");
    REQUIRE(f.log.calls.size() == 1);
    CHECK(f.log.calls[0].request.body ==
          "Action=SendMessage&Version=2012-11-05&MessageBody=hello&QueueUrl=https%3A%2F%2Fsqs%2Fq");
  }

  TEST_CASE("EventBridge-PutEvents forwarded to the endpoint as one entry, signed") {
    model::Api api = subtype_api("EventBridge-PutEvents", {{"Detail", "$request.body"},
                                                           {"DetailType", "order"},
                                                           {"Source", "$request.header.X-Src"}});
    api.gw.aws_services_endpoint = "http://127.0.0.1:4566";
    GatewayFixture f(std::move(api));
    f.http.next.status = 200;
    f.http.next.body = R"({"Entries":[{"EventId":"e1"}],"FailedEntryCount":0})";
    Request req = request("POST", "/submit", "", R"({"id":1})");
    req.headers.add("X-Src", "shop");
    Response r = f.handle(req);
    CHECK(r.status == 200);
    CHECK(r.body == f.http.next.body);
    REQUIRE(f.http.calls.size() == 1);
    const HttpCall& c = f.http.calls[0];
    CHECK(c.headers.get("X-Amz-Target") == "AWSEvents.PutEvents");
    CHECK(json::parse(c.body) ==
          json::parse(R"({"Entries":[{"Detail":"{\"id\":1}","DetailType":"order","Source":"shop"}]})"));
    CHECK(std::string(*c.headers.get("Authorization")).find("/us-east-1/events/aws4_request") !=
          std::string::npos);
  }

  TEST_CASE("an unknown subtype is a configuration error") {
    GatewayFixture f(subtype_api("Nope-Do", {}));
    CHECK(f.handle(request("POST", "/submit")).status == 500);
  }
}
