#include "core/integrations/lambda_response.h"

#include <doctest/doctest.h>

using gw::Response;
using gw::integrations::parse_lambda_proxy_response;
using gw::integrations::ProxyResponseRules;

namespace {

const ProxyResponseRules kRest{false, false, {}, ""};
const ProxyResponseRules kHttpV1{true, false, {}, ""};
const ProxyResponseRules kHttpV2{true, true, {}, ""};

std::string header(const Response& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<none>"));
}

}  // namespace

TEST_SUITE("gw::integrations::parse_lambda_proxy_response") {
  TEST_CASE("REST: the five keys, default content type (facts 14, 18)") {
    auto r = parse_lambda_proxy_response(
        R"({"statusCode":201,"headers":{"X-A":"1","X-B":true},"body":"hi","isBase64Encoded":false,
            "multiValueHeaders":{"X-M":["a","b"]}})",
        kRest);
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->body == "hi");
    CHECK(header(*r, "X-A") == "1");
    CHECK(header(*r, "X-B") == "true");
    CHECK(header(*r, "X-M") == "a, b");
    CHECK(header(*r, "Content-Type") == "application/json");
  }
  TEST_CASE("REST: an unknown key is a 502 shape error (fact 14)") {
    auto r = parse_lambda_proxy_response(R"({"statusCode":200,"wrongValue":"value"})", kRest);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("unexpected key 'wrongValue'") != std::string::npos);
  }
  TEST_CASE("REST: statusCode is lenient (fact 15)") {
    CHECK(parse_lambda_proxy_response(R"({"statusCode":"201"})", kRest)->status == 201);
    CHECK_FALSE(parse_lambda_proxy_response(R"({"statusCode":"test"})", kRest));
    auto only_headers = parse_lambda_proxy_response(R"({"headers":{"a":"b"}})", kRest);
    REQUIRE(only_headers);
    CHECK(only_headers->status == 200);
    CHECK(only_headers->body.empty());
  }
  TEST_CASE("REST: a bare string, a bare object key or non-JSON is an error (facts 14, 16)") {
    CHECK_FALSE(parse_lambda_proxy_response(R"("justAString")", kRest));
    CHECK_FALSE(parse_lambda_proxy_response(R"({"hello":"world"})", kRest));
    CHECK_FALSE(parse_lambda_proxy_response("not json", kRest));
    CHECK_FALSE(parse_lambda_proxy_response("42", kRest));
  }
  TEST_CASE("REST: headers null is fine (fact 18)") {
    auto r = parse_lambda_proxy_response(R"({"statusCode":200,"headers":null,"body":"x"})", kRest);
    REQUIRE(r);
    CHECK(r->body == "x");
  }
  TEST_CASE("REST: multiValueHeaders must be arrays and merge first (fact 19)") {
    CHECK_FALSE(parse_lambda_proxy_response(
        R"({"statusCode":200,"multiValueHeaders":{"X-A":"solo"}})", kRest));
    auto r = parse_lambda_proxy_response(
        R"({"statusCode":200,"headers":{"x-dup":"value-solo"},
            "multiValueHeaders":{"X-Dup":["value-multi"]}})",
        kRest);
    REQUIRE(r);
    REQUIRE(r->headers.get_all("x-dup").size() == 1);
    CHECK(r->headers.entries()[0].first == "X-Dup");
    CHECK(header(*r, "x-dup") == "value-multi, value-solo");
  }
  TEST_CASE("REST: isBase64Encoded ignored without binary media types (fact 20)") {
    const char* payload = R"({"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true})";
    CHECK(parse_lambda_proxy_response(payload, kRest)->body == "dGVzdC1kYXRh");
    ProxyResponseRules binary{false, false, {"image/png"}, "image/png"};
    CHECK(parse_lambda_proxy_response(payload, binary)->body == "test-data");
  }
  TEST_CASE("HTTP API 1.0: unknown keys ignored, statusCode required, base64 decoded (fact 64)") {
    auto r = parse_lambda_proxy_response(
        R"({"statusCode":200,"extra":1,"body":"dGVzdC1kYXRh","isBase64Encoded":true})", kHttpV1);
    REQUIRE(r);
    CHECK(r->body == "test-data");
    CHECK_FALSE(parse_lambda_proxy_response(R"({"body":"x"})", kHttpV1));
  }
  TEST_CASE("HTTP API 2.0: a bare value is a 200 JSON body (fact 63)") {
    auto obj = parse_lambda_proxy_response(R"({"hello":"world"})", kHttpV2);
    REQUIRE(obj);
    CHECK(obj->status == 200);
    CHECK(obj->body == R"({"hello":"world"})");
    CHECK(header(*obj, "Content-Type") == "application/json");
    CHECK(parse_lambda_proxy_response(R"("justAString")", kHttpV2)->body == "justAString");
    CHECK(parse_lambda_proxy_response("12345", kHttpV2)->body == "12345");
    auto literal = parse_lambda_proxy_response(R"({"headers":{"a":"b"},"body":"x"})", kHttpV2);
    CHECK(literal->body == R"({"headers":{"a":"b"},"body":"x"})");
  }
  TEST_CASE("HTTP API 2.0: cookies become set-cookie headers (fact 63)") {
    auto r = parse_lambda_proxy_response(
        R"({"statusCode":200,"cookies":["a=1; Path=/","b=2"],"body":"ok"})", kHttpV2);
    REQUIRE(r);
    auto cookies = r->headers.get_all("set-cookie");
    REQUIRE(cookies.size() == 2);
    CHECK(cookies[0] == "a=1; Path=/");
    CHECK(cookies[1] == "b=2");
  }
}
