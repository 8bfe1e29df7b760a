#include "core/auth/sigv4.h"

#include <doctest/doctest.h>

using namespace gw;
using namespace gw::auth;

namespace {

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

Request suite_request(std::string method, std::string query, std::string signature) {
  Request r;
  r.method = std::move(method);
  r.path = "/";
  r.query = std::move(query);
  r.headers.add("Host", "example.amazonaws.com");
  r.headers.add("X-Amz-Date", "20150830T123600Z");
  r.headers.add("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                "SignedHeaders=host;x-amz-date, Signature=" +
                    signature);
  return r;
}

std::string computed(const Request& r) {
  auto a = parse_sigv4(r);
  REQUIRE(a.has_value());
  return sigv4_signature(kSecret, *a, string_to_sign(*a, canonical_request(r, *a)));
}

}  // namespace

TEST_SUITE("gw::auth sigv4") {
  TEST_CASE("AWS SigV4 test suite: get-vanilla") {
    Request r = suite_request("GET", "",
                              "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    auto a = parse_sigv4(r);
    REQUIRE(a.has_value());
    CHECK(a->access_key == "AKIDEXAMPLE");
    CHECK(a->service == "service");
    CHECK(canonical_request(r, *a) ==
          "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(string_to_sign(*a, canonical_request(r, *a)) ==
          "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
          "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    CHECK(computed(r) == a->signature);
  }

  TEST_CASE("AWS SigV4 test suite: get-vanilla-query-order-key-case and post-vanilla") {
    Request q = suite_request("GET", "Param2=value2&Param1=value1",
                              "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    CHECK(computed(q) == parse_sigv4(q)->signature);
    Request p = suite_request("POST", "",
                              "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    CHECK(computed(p) == parse_sigv4(p)->signature);
    p.body = "tampered";
    CHECK(computed(p) != parse_sigv4(p)->signature);
  }

  TEST_CASE("a missing signature and an incomplete header are told apart") {
    Request r;
    r.method = "GET";
    r.path = "/";
    auto none = parse_sigv4(r);
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().missing);
    r.headers.add("Authorization",
                  "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/x/aws4_request");
    auto partial = parse_sigv4(r);
    REQUIRE_FALSE(partial.has_value());
    CHECK_FALSE(partial.error().missing);
    CHECK(partial.error().message.find("requires 'Signature' parameter") != std::string::npos);
    CHECK(partial.error().message.find("'X-Amz-Date' or a 'Date' header") != std::string::npos);
  }

  TEST_CASE("presigned query form is read and X-Amz-Signature is left out of the canonical query") {
    Request r;
    r.method = "GET";
    r.path = "/prod/pets";
    r.query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2F"
        "execute-api%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&"
        "X-Amz-SignedHeaders=host&X-Amz-Signature=abc";
    r.headers.add("Host", "h");
    auto a = parse_sigv4(r);
    REQUIRE(a.has_value());
    CHECK(a->presigned);
    CHECK(a->expires_seconds == 60);
    std::string c = canonical_request(r, *a);
    CHECK(c.find("X-Amz-Signature") == std::string::npos);
    CHECK(c.find("X-Amz-Credential=AKID%2F20150830") != std::string::npos);
  }

  TEST_CASE("path segments are encoded again (non-S3 double encoding)") {
    Request r = suite_request("GET", "", "x");
    r.path = "/a%20b/c";
    auto a = parse_sigv4(r);
    CHECK(canonical_request(r, *a).starts_with("GET\n/a%2520b/c\n"));
  }

  TEST_CASE("parse_amz_date") {
    CHECK(parse_amz_date("20150830T123600Z") == 1440938160);
    CHECK_FALSE(parse_amz_date("2015-08-30T12:36:00Z").has_value());
  }
}
