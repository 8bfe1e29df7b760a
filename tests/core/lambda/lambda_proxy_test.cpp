#include <doctest/doctest.h>

#include <set>

#include "tests/core/lambda/lambda_fixture.h"
#include "tests/support/test_certificate.h"

using namespace gw;
using namespace gw::testing;
using nlohmann::json;

namespace {

constexpr const char* kArnUri =
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:Fn/invocations";

model::Api rest(std::string path = "/items/{id}") {
  return lambda_api(model::ApiType::Rest, "GET", std::move(path), lambda_integration(kArnUri));
}

model::Api http(std::string format = "2.0") {
  return lambda_api(model::ApiType::Http, "ANY", "/$default",
                    lambda_integration(kArnUri, std::move(format)));
}

std::set<std::string> keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) {
    out.insert(k);
  }
  return out;
}

}  // namespace

TEST_SUITE("gw::integrations::LambdaProxyIntegration") {
  TEST_CASE("REST event: exactly the 12 keys, no version (fact 10), requestContext (fact 11)") {
    LambdaFixture f(rest());
    Request r = request("GET", "/prod/items/a%2Bb", "category=electronics&category=books");
    r.headers.add("tEsT-HEADeR", "x");
    r.headers.add("aUThorization", "token");
    Response res = f.handle(r);
    CHECK(res.status == 200);
    CHECK(res.body == "ok");
    json e = f.invoker.last_event();
    CHECK(keys(e) == std::set<std::string>{"resource", "path", "httpMethod", "headers",
                                           "multiValueHeaders", "queryStringParameters",
                                           "multiValueQueryStringParameters", "pathParameters",
                                           "stageVariables", "requestContext", "body",
                                           "isBase64Encoded"});
    CHECK(e["resource"] == "/items/{id}");
    CHECK(e["path"] == "/items/a%2Bb");
    CHECK(e["pathParameters"]["id"] == "a%2Bb");               // fact 6: not decoded
    CHECK(e["queryStringParameters"]["category"] == "books");  // fact 8
    CHECK(e["multiValueQueryStringParameters"]["category"] == json({"electronics", "books"}));
    CHECK(e["headers"]["tEsT-HEADeR"] == "x");  // fact 13
    CHECK(e["headers"]["Authorization"] == "token");
    CHECK(e["stageVariables"].is_null());  // fact 9
    CHECK(e["body"].is_null());
    CHECK(e["isBase64Encoded"] == false);
    const json& rc = e["requestContext"];
    CHECK(keys(rc) == std::set<std::string>{"accountId", "apiId", "deploymentId", "domainName",
                                            "domainPrefix", "extendedRequestId", "httpMethod",
                                            "identity", "path", "protocol", "requestId",
                                            "requestTime", "requestTimeEpoch", "resourceId",
                                            "resourcePath", "stage"});
    CHECK(rc["path"] == "/prod/items/a%2Bb");
    CHECK(rc["stage"] == "prod");
    CHECK(rc["resourcePath"] == "/items/{id}");
    CHECK(rc["identity"]["sourceIp"] == "127.0.0.1");  // fact 12
    CHECK(rc["identity"]["user"].is_null());
    CHECK(rc["deploymentId"] == "gwlocal");  // the working spec, not a gw deploy snapshot
    CHECK(f.invoker.functions.back() == "Fn");
    // One trace header per request (core/observe/trace.h): the event's is the response's
    // (fact 22), Sampled=0 on a stage without tracingEnabled.
    const std::string trace(res.headers.get("X-Amzn-Trace-Id").value_or(""));
    CHECK(e["headers"]["X-Amzn-Trace-Id"] == trace);
    CHECK(trace.starts_with("Root=1-"));
    CHECK(trace.ends_with(";Sampled=0"));
  }
  TEST_CASE("REST event: requestContext.deploymentId is the served deployment's id") {
    model::Api api = rest();
    api.deployment_id = "3kq9zt";
    LambdaFixture f(std::move(api));
    CHECK(f.handle(request("GET", "/prod/items/1")).status == 200);
    CHECK(f.invoker.last_event()["requestContext"]["deploymentId"] == "3kq9zt");
  }
  TEST_CASE("REST event: no query string → both maps null (fact 9)") {
    LambdaFixture f(rest("/hard"));
    f.handle(request("GET", "/prod/hard"));
    json e = f.invoker.last_event();
    CHECK(e["queryStringParameters"].is_null());
    CHECK(e["multiValueQueryStringParameters"].is_null());
    CHECK(e["pathParameters"].is_null());
  }
  TEST_CASE("REST: a malformed answer gives 502 Internal server error (facts 14, 16)") {
    LambdaFixture f(rest());
    f.invoker.answer = R"({"hello":"world"})";
    Response res = f.handle(request("GET", "/prod/items/1"));
    CHECK(res.status == 502);
    CHECK(res.body == R"({"message": "Internal server error"})");
    CHECK(res.headers.get("x-amzn-ErrorType") == "InternalServerErrorException");
    // Issue 16: the reason reaches gw's log without --trace.
    REQUIRE(f.log.warnings.size() == 1);
    CHECK(f.log.warnings[0].find("function 'Fn' answered a malformed Lambda proxy response") !=
          std::string::npos);
  }
  TEST_CASE("REST: an answer over Lambda's 6 MB limit gives 502 and says why in the log") {
    LambdaFixture f(rest());
    f.invoker.function_error = true;
    f.invoker.answer = R"({"errorMessage":"Response payload size exceeded maximum allowed )"
                       R"(payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"})";
    Response res = f.handle(request("GET", "/prod/items/1"));
    CHECK(res.status == 502);
    REQUIRE(f.log.warnings.size() == 1);
    CHECK(f.log.warnings[0].find("more than Lambda's 6 MB response limit") != std::string::npos);
  }
  TEST_CASE("REST: a function error gives 502 and hides the error document (fact 17)") {
    LambdaFixture f(rest());
    f.invoker.function_error = true;
    f.invoker.answer = R"({"errorMessage":"secret","errorType":"ValueError"})";
    Response res = f.handle(request("GET", "/prod/items/1"));
    CHECK(res.status == 502);
    CHECK(res.body.find("secret") == std::string::npos);
  }
  TEST_CASE("REST: an integration httpMethod other than POST gives 500 (fact 21)") {
    model::Api api = rest();
    api.operations[0].integration->http_method = "GET";
    LambdaFixture f(api);
    Response res = f.handle(request("GET", "/prod/items/1"));
    CHECK(res.status == 500);
    CHECK(f.invoker.events.empty());
  }
  TEST_CASE("REST: the integration timeout gives 504") {
    LambdaFixture f(rest());
    f.invoker.fail_with = Error{ErrorKind::Timeout, "late", {}, ""};
    CHECK(f.handle(request("GET", "/prod/items/1")).status == 504);
  }
  TEST_CASE("an unmapped function gives 500 and says how to map it") {
    model::Api api = rest();
    api.gw.functions.clear();
    LambdaFixture f(api);
    Response res = f.handle(request("GET", "/prod/items/1"));
    CHECK(res.status == 500);
    bool explained = false;
    for (const std::string& line : f.log.trace) {
      explained = explained || line.find("x-gw") != std::string::npos;
    }
    CHECK(explained);
  }
  TEST_CASE("stage variables in the uri pick the function") {
    model::Api api = lambda_api(model::ApiType::Rest, "GET", "/sv",
                                lambda_integration("${stageVariables.fn}:live"));
    api.gw.stages[0].variables["fn"] = "Other";
    api.gw.functions["Other"] = function("Other");
    LambdaFixture f(api);
    CHECK(f.handle(request("GET", "/prod/sv")).status == 200);
    CHECK(f.invoker.functions.back() == "Other");
  }
  TEST_CASE("mTLS: the client certificate in identity.clientCert (REST) and "
            "authentication.clientCert (HTTP APIs), absent without one") {
    // AWS, "rest-api-mutual-tls" / "http-api-mutual-tls": clientCertPem, subjectDN, issuerDN,
    // serialNumber, validity {notBefore, notAfter}.
    const std::string pem(gw::testing::kAliceCertPem);
    LambdaFixture rest_f(rest());
    Request r = request("GET", "/prod/items/1");
    r.client_cert_pem = pem;
    CHECK(rest_f.handle(r).status == 200);
    const json cert = rest_f.invoker.last_event()["requestContext"]["identity"]["clientCert"];
    CHECK(cert["clientCertPem"] == pem);
    CHECK(cert["subjectDN"] == "CN=alice,O=Example");
    CHECK(cert["issuerDN"] == "CN=alice,O=Example");
    CHECK(cert["serialNumber"] == "0a:1b:2c");
    CHECK(cert["validity"]["notBefore"] == "Dec  2 16:01:45 2026 GMT");
    CHECK(cert["validity"]["notAfter"] == "Nov  8 16:01:45 2126 GMT");
    CHECK(rest_f.handle(request("GET", "/prod/items/1")).status == 200);
    CHECK_FALSE(rest_f.invoker.last_event()["requestContext"]["identity"].contains("clientCert"));

    LambdaFixture http_f(http());
    Request h = request("GET", "/a");
    h.client_cert_pem = pem;
    CHECK(http_f.handle(h).status == 200);
    const json rc = http_f.invoker.last_event()["requestContext"];
    CHECK(rc["authentication"]["clientCert"]["subjectDN"] == "CN=alice,O=Example");
    CHECK(http_f.handle(request("GET", "/a")).status == 200);
    CHECK_FALSE(http_f.invoker.last_event()["requestContext"].contains("authentication"));
  }

  TEST_CASE("HTTP API 2.0 event (fact 62)") {
    LambdaFixture f(http());
    Request r = request("POST", "/a/b", "p=1&p=2&q=x", "body");
    r.headers.add("X-Multi", "one");
    r.headers.add("x-multi", "two");
    r.headers.add("Cookie", "c1=v1; c2=v2");
    r.headers.add("Cookie", "c3=v3");
    CHECK(f.handle(r).status == 200);
    json e = f.invoker.last_event();
    CHECK(e["version"] == "2.0");
    CHECK(e["routeKey"] == "$default");
    CHECK(e["rawPath"] == "/a/b");
    CHECK(e["rawQueryString"] == "p=1&p=2&q=x");
    CHECK(e["queryStringParameters"]["p"] == "1,2");
    CHECK(e["headers"]["x-multi"] == "one,two");
    CHECK_FALSE(e["headers"].contains("cookie"));
    CHECK(e["cookies"] == json({"c1=v1", "c2=v2", "c3=v3"}));
    CHECK(e["body"] == "body");
    CHECK(e["isBase64Encoded"] == false);
    CHECK(e["requestContext"]["http"]["method"] == "POST");
    CHECK(e["requestContext"]["http"]["path"] == "/a/b");
    CHECK(e["requestContext"]["stage"] == "$default");
    CHECK_FALSE(e.contains("multiValueHeaders"));
    CHECK_FALSE(e.contains("pathParameters"));
    CHECK_FALSE(e.contains("stageVariables"));
  }
  TEST_CASE("HTTP API 2.0: a bare object answers 200 JSON (fact 63)") {
    LambdaFixture f(http());
    f.invoker.answer = R"({"hello":"world"})";
    Response res = f.handle(request("GET", "/"));
    CHECK(res.status == 200);
    CHECK(res.body == R"({"hello":"world"})");
  }
  TEST_CASE("HTTP API: a function error gives 500 Internal Server Error (fact 65)") {
    LambdaFixture f(http());
    f.invoker.function_error = true;
    f.invoker.answer = R"({"errorMessage":"boom"})";
    Response res = f.handle(request("GET", "/"));
    CHECK(res.status == 500);
    CHECK(res.body == R"({"message":"Internal Server Error"})");
  }
  TEST_CASE("HTTP API: the integration timeout gives 503 Service Unavailable (fact 65)") {
    LambdaFixture f(http());
    f.invoker.fail_with = Error{ErrorKind::Timeout, "late", {}, ""};
    CHECK(f.handle(request("GET", "/")).status == 503);
  }
  TEST_CASE("HTTP API payload 1.0 event carries version 1.0 (fact 10)") {
    LambdaFixture f(http("1.0"));
    f.handle(request("GET", "/x"));
    json e = f.invoker.last_event();
    CHECK(e["version"] == "1.0");
    CHECK(e.contains("multiValueHeaders"));
  }
  TEST_CASE("binary request bodies arrive base64-encoded (fact 74)") {
    model::Api api = rest();
    api.binary_media_types = {"image/*"};
    LambdaFixture f(api);
    Request r = request("GET", "/prod/items/1", "", std::string("\x89PNG", 4));
    r.headers.add("Content-Type", "image/png");
    f.handle(r);
    json e = f.invoker.last_event();
    CHECK(e["isBase64Encoded"] == true);
    CHECK(e["body"] == "iVBORw==");
  }
}
