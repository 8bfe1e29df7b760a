#include "core/auth/policy.h"

#include <doctest/doctest.h>

using namespace gw::auth;

namespace {

constexpr std::string_view kArn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1";

Decision eval(std::string_view policy, std::string_view arn = kArn,
              std::string_view ip = "127.0.0.1") {
  auto p = parse_policy(policy, "arn:aws:execute-api:us-east-1:123456789012:abc");
  REQUIRE(p.has_value());
  PolicyRequest r;
  r.resource = arn;
  r.source_ip = ip;
  return evaluate(*p, r);
}

}  // namespace

TEST_SUITE("gw::auth policy") {
  TEST_CASE("wildcards: * any run, ? one character") {
    CHECK(wildcard_match("arn:*:abc/*/GET/*", std::string(kArn)));
    CHECK(wildcard_match("*", ""));
    CHECK(wildcard_match("a?c", "abc"));
    CHECK_FALSE(wildcard_match("a?c", "ac"));
    CHECK_FALSE(wildcard_match("arn:*/POST/*", std::string(kArn)));
    CHECK(wildcard_match("execute-api:invoke", "execute-api:Invoke", true));
  }

  TEST_CASE("fact 52: explicit Deny beats Allow; an uncovered ARN is an implicit deny") {
    std::string allow_all =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:abc/*/GET/*"}]})";
    CHECK(eval(allow_all) == Decision::Allow);
    CHECK(eval(allow_all, "arn:aws:execute-api:us-east-1:123456789012:abc/prod/POST/pets") ==
          Decision::NotCovered);
    std::string both =
        R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:*:*:abc/prod/GET/pets/*"]}]})";
    CHECK(eval(both) == Decision::Deny);
    std::string single =
        R"({"Statement":{"Effect":"Allow","Action":"execute-api:*","Resource":"*"}})";
    CHECK(eval(single) == Decision::Allow);
  }

  TEST_CASE("resource policies: execute-api:/ shorthand, Principal, IpAddress / NotIpAddress") {
    std::string p =
        R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},
            {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*",
             "Condition":{"NotIpAddress":{"aws:SourceIp":["127.0.0.0/8","::1/128"]}}}]})";
    CHECK(eval(p) == Decision::Allow);
    CHECK(eval(p, kArn, "::1") == Decision::Allow);
    CHECK(eval(p, kArn, "192.0.2.7") == Decision::Deny);
    std::string only_net =
        R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"execute-api:Invoke","Resource":"execute-api:/prod/*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]})";
    CHECK(eval(only_net, kArn, "192.0.2.200") == Decision::Allow);
    CHECK(eval(only_net, kArn, "192.0.3.1") == Decision::NotCovered);
  }

  TEST_CASE("ip_in_cidr") {
    CHECK(ip_in_cidr("10.1.2.3", "10.0.0.0/8"));
    CHECK_FALSE(ip_in_cidr("11.1.2.3", "10.0.0.0/8"));
    CHECK(ip_in_cidr("10.1.2.3", "10.1.2.3"));
    CHECK(ip_in_cidr("10.1.2.3", "0.0.0.0/0"));
    CHECK_FALSE(ip_in_cidr("10.1.2.3", "::/0"));
    CHECK(ip_in_cidr("2001:db8::1", "2001:db8::/32"));
    CHECK_FALSE(ip_in_cidr("10.1.2.3", "10.0.0.0/99"));
  }

  TEST_CASE("malformed policies are errors") {
    CHECK_FALSE(parse_policy("[]").has_value());
    CHECK_FALSE(parse_policy(R"({"Statement":[{"Effect":"Maybe","Resource":"*"}]})").has_value());
    CHECK_FALSE(parse_policy(R"({"Statement":[{"Effect":"Allow","Action":"*"}]})").has_value());
  }

  TEST_CASE("method_arn") {
    CHECK(method_arn("us-east-1", "123456789012", "abc", "prod", "GET", "/pets/1") == kArn);
    CHECK(method_arn("us-east-1", "1", "abc", "prod", "GET", "/").ends_with("/prod/GET/"));
  }
}
