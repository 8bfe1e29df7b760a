#include <doctest/doctest.h>

#include "tests/core/auth/auth_fixture.h"

using namespace gw;
using namespace gw::testing;
using nlohmann::json;

namespace {

model::Api token_api(int ttl = 300) {
  model::Api api = secured_api(model::ApiType::Rest, "tok");
  model::Authorizer a = lambda_authorizer("tok", "token");
  a.identity_source = "method.request.header.Authorization";
  a.identity_validation_expression = "^Bearer [a-z0-9]+$";
  a.result_ttl_seconds = ttl;
  api.authorizers["tok"] = a;
  return api;
}

}  // namespace

TEST_SUITE("gw::auth lambda authorizers") {
  TEST_CASE("fact 52: missing token or failing identityValidationExpression -> 401, no call") {
    AuthFixture f(token_api());
    for (Response r : {f.get("/prod/pets"), f.get("/prod/pets", "Authorization", ""),
                       f.get("/prod/pets", "Authorization", "Basic abc")}) {
      CHECK(r.status == 401);
      CHECK(r.body == R"({"message":"Unauthorized"})");
      CHECK(r.headers.get("x-amzn-ErrorType") == "UnauthorizedException");
    }
    CHECK(f.invoker.auth_events.empty());
    CHECK(f.invoker.events.empty());
  }

  TEST_CASE("identityValidationExpression is a Java regex (possessive quantifiers work)") {
    // Regression: with std::regex (ECMAScript) "++" failed to compile and nothing was checked.
    model::Api api = token_api();
    api.authorizers["tok"].identity_validation_expression = "Bearer [a-z0-9]++";
    AuthFixture f(std::move(api));
    f.invoker.auth_answer = allow_policy("*");
    CHECK(f.get("/prod/pets", "Authorization", "Basic abc").status == 401);
    CHECK(f.invoker.auth_events.empty());
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 200);
    CHECK(f.invoker.auth_events.size() == 1);
  }

  TEST_CASE("TOKEN: the real event; Allow reaches the integration with the authorizer context") {
    AuthFixture f(token_api());
    f.invoker.auth_answer = allow_policy("arn:aws:execute-api:*:*:*/prod/GET/pets");
    Response r = f.get("/prod/pets", "Authorization", "Bearer abc");
    CHECK(r.status == 200);
    REQUIRE(f.invoker.auth_events.size() == 1);
    json e = f.invoker.auth_events[0];
    CHECK(e["type"] == "TOKEN");
    CHECK(e["authorizationToken"] == "Bearer abc");
    CHECK(e["methodArn"].get<std::string>().starts_with(
        "arn:aws:execute-api:us-east-1:123456789012:"));
    CHECK(e["methodArn"].get<std::string>().ends_with("/prod/GET/pets"));
    CHECK(e.size() == 3);
    REQUIRE(f.invoker.events.size() == 1);
    json rc = f.invoker.events[0]["requestContext"];
    CHECK(rc["authorizer"]["principalId"] == "user-7");
    CHECK(rc["authorizer"]["tier"] == "gold");
    CHECK(rc["authorizer"]["n"] == "1");  // fact 54: stringified
    CHECK(rc["authorizer"]["ok"] == "true");
  }

  TEST_CASE("the request log carries the authorizer's decision (gw serve's line)") {
    AuthFixture f(token_api(0));
    f.invoker.auth_answer = allow_policy("*");
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 200);
    CHECK(f.log.authorizer == "lambda authorizer: allow");
    CHECK(f.get("/prod/pets").status == 401);
    CHECK(f.log.authorizer == "lambda authorizer: 401 Unauthorized");
    f.invoker.auth_answer = allow_policy("*", "Deny");
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 403);
    CHECK(f.log.authorizer ==
          "lambda authorizer: 403 User is not authorized to access this resource with an "
          "explicit deny");
  }

  TEST_CASE("fact 52: explicit Deny and an uncovered ARN give their 403 messages") {
    AuthFixture f(token_api(0));
    f.invoker.auth_answer = allow_policy("*", "Deny");
    Response deny = f.get("/prod/pets", "Authorization", "Bearer abc");
    CHECK(deny.status == 403);
    CHECK(deny.body ==
          R"({"message":"User is not authorized to access this resource with an explicit deny"})");
    CHECK(deny.headers.get("x-amzn-ErrorType") == "AccessDeniedException");
    f.invoker.auth_answer = allow_policy("arn:aws:execute-api:*:*:*/prod/POST/pets");
    Response other = f.get("/prod/pets", "Authorization", "Bearer abc");
    CHECK(other.status == 403);
    CHECK(other.body == R"({"message":"User is not authorized to access this resource"})");
    CHECK(f.invoker.events.empty());
  }

  TEST_CASE("fact 52: Unauthorized error -> 401; other errors and malformed answers -> 500") {
    AuthFixture f(token_api(0));
    f.invoker.auth_error = true;
    f.invoker.auth_answer = R"({"errorMessage":"Unauthorized","errorType":"Error"})";
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 401);
    f.invoker.auth_answer = R"({"errorMessage":"boom","errorType":"Error"})";
    Response boom = f.get("/prod/pets", "Authorization", "Bearer abc");
    CHECK(boom.status == 500);
    CHECK(f.log.error_type == "AUTHORIZER_CONFIGURATION_ERROR");
    // The body real authorizer failures get: a null message (regression: was "Internal server
    // error" with InternalServerErrorException).
    CHECK(boom.body == R"({"message":null})");
    CHECK(boom.headers.get("x-amzn-ErrorType") == "AuthorizerConfigurationException");
    f.invoker.auth_error = false;
    for (std::string bad :
         {std::string("not json"), std::string(R"({"principalId":"x"})"),
          std::string(R"({"policyDocument":{"Statement":[]}})"),
          allow_policy("*").replace(allow_policy("*").find("\"gold\""), 6, R"({"a":1})")}) {
      f.invoker.auth_answer = bad;
      CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 500);
    }
  }

  TEST_CASE("fact 53: a cached narrow Allow blocks other methods until the TTL passes") {
    AuthFixture f(token_api(300));
    f.invoker.auth_answer = allow_policy("arn:aws:execute-api:*:*:*/prod/GET/pets");
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 200);
    f.invoker.auth_answer = allow_policy("*");
    Response blocked = f.get("/prod/pets/1", "Authorization", "Bearer abc");
    CHECK(blocked.status == 403);  // the cached policy names GET /pets only
    CHECK(f.invoker.auth_events.size() == 1);
    CHECK(f.get("/prod/pets/1", "Authorization", "Bearer xyz").status == 200);  // other token
    CHECK(f.invoker.auth_events.size() == 2);
    f.clock.advance(std::chrono::seconds(299));
    CHECK(f.get("/prod/pets/1", "Authorization", "Bearer abc").status == 403);
    f.clock.advance(std::chrono::seconds(1));
    CHECK(f.get("/prod/pets/1", "Authorization", "Bearer abc").status == 200);
    CHECK(f.invoker.auth_events.size() == 3);
  }

  TEST_CASE("fact 53: TTL 0 disables the cache") {
    AuthFixture f(token_api(0));
    f.invoker.auth_answer = allow_policy("*");
    f.get("/prod/pets", "Authorization", "Bearer abc");
    f.get("/prod/pets", "Authorization", "Bearer abc");
    CHECK(f.invoker.auth_events.size() == 2);
  }

  TEST_CASE("REQUEST: several identity sources, one missing -> 401 without a call; the event") {
    model::Api api = secured_api(model::ApiType::Rest, "req");
    model::Authorizer a = lambda_authorizer("req", "request");
    a.identity_source = "method.request.header.X-Key, method.request.querystring.tenant";
    api.authorizers["req"] = a;
    AuthFixture f(api);
    CHECK(f.get("/prod/pets", "X-Key", "k").status == 401);
    CHECK(f.invoker.auth_events.empty());
    f.invoker.auth_answer = allow_policy("*");
    Request r = request("GET", "/prod/pets/9", "tenant=acme");
    r.headers.add("X-Key", "k");
    CHECK(f.handle(r).status == 200);
    REQUIRE(f.invoker.auth_events.size() == 1);
    json e = f.invoker.auth_events[0];
    CHECK(e["type"] == "REQUEST");
    CHECK(e["methodArn"].get<std::string>().ends_with("/prod/GET/pets/9"));
    CHECK(e["resource"] == "/pets/{id}");
    CHECK(e["pathParameters"]["id"] == "9");
    CHECK(e["queryStringParameters"]["tenant"] == "acme");
    CHECK(e["headers"]["X-Key"] == "k");
    CHECK_FALSE(e.contains("body"));
  }

  TEST_CASE("fact 59: usageIdentifierKey becomes the API key when api_key_source is AUTHORIZER") {
    model::Api api = token_api(0);
    api.api_key_source = "AUTHORIZER";
    AuthFixture f(api);
    f.invoker.auth_answer = R"({"principalId":"p","usageIdentifierKey":"KEY123",
        "policyDocument":{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}})";
    CHECK(f.get("/prod/pets", "Authorization", "Bearer abc").status == 200);
    REQUIRE(f.invoker.events.size() == 1);
    CHECK(f.invoker.events[0]["requestContext"]["identity"]["apiKey"] == "KEY123");
  }

  TEST_CASE("facts 55-57: HTTP API payload 2.0 event and simple responses") {
    model::Api api = secured_api(model::ApiType::Http, "lam");
    model::Authorizer a = lambda_authorizer("lam", "request");
    a.identity_source = "$request.header.X-Token";
    a.payload_format_version = "2.0";
    a.enable_simple_responses = true;
    api.authorizers["lam"] = a;
    AuthFixture f(api);
    Response missing = f.get("/pets");
    CHECK(missing.status == 401);
    CHECK(missing.body == R"({"message":"Unauthorized"})");
    f.invoker.auth_answer = R"({"isAuthorized":true,"context":{"user":{"id":3},"n":2}})";
    CHECK(f.get("/pets", "X-Token", "t1").status == 200);
    json e = f.invoker.auth_events.at(0);
    CHECK(e["version"] == "2.0");
    CHECK(e["type"] == "REQUEST");
    CHECK(e["identitySource"] == json::array({"t1"}));
    CHECK(e["routeArn"].get<std::string>().ends_with("/GET/pets"));
    CHECK(e["routeKey"] == "GET /pets");
    json auth = f.invoker.events.at(0)["requestContext"]["authorizer"];
    CHECK(auth["lambda"]["user"]["id"] == 3);  // fact 56: types kept under .lambda
    CHECK(auth["lambda"]["n"] == 2);
    // Fact 57: the cached simple answer covers every route with the same identity values.
    f.invoker.auth_answer = R"({"isAuthorized":false})";
    CHECK(f.handle(request("POST", "/pets")).status == 401);  // no X-Token on this one
    Request post = request("POST", "/pets");
    post.headers.add("X-Token", "t1");
    CHECK(f.handle(post).status == 200);
    CHECK(f.invoker.auth_events.size() == 1);
    Response denied = f.get("/pets", "X-Token", "t2");
    CHECK(denied.status == 403);
    CHECK(denied.body == R"({"message":"Forbidden"})");
  }

  TEST_CASE("fact 55: HTTP API payload 1.0 event joins identity sources") {
    model::Api api = secured_api(model::ApiType::Http, "lam");
    model::Authorizer a = lambda_authorizer("lam", "request");
    a.identity_source = "$request.header.X-A, $request.querystring.b";
    a.payload_format_version = "1.0";
    api.authorizers["lam"] = a;
    AuthFixture f(api);
    f.invoker.auth_answer = allow_policy("*");
    Request r = request("GET", "/pets", "b=2");
    r.headers.add("X-A", "1");
    CHECK(f.handle(r).status == 200);
    json e = f.invoker.auth_events.at(0);
    CHECK(e["version"] == "1.0");
    CHECK(e["identitySource"] == "1,2");
    CHECK(e["authorizationToken"] == "1,2");
    CHECK(e["methodArn"].get<std::string>().ends_with("/GET/pets"));
  }
}
