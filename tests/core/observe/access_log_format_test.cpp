#include "core/observe/access_log_format.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace gw::observe {
namespace {

// Renders with fixed values by variable; any other variable has no value.
std::string render(const AccessLogFormat& f, const std::map<LogVar, std::string>& values) {
  return f.render([&](LogVar v, const std::string& arg, std::string& out) {
    if (v == LogVar::AuthorizerProperty || v == LogVar::AuthorizerClaim) {
      out += "<" + arg + ">";
      return;
    }
    if (auto it = values.find(v); it != values.end()) {
      out += it->second;
    }
  });
}

TEST_SUITE("gw::observe::AccessLogFormat") {
  TEST_CASE("literal text and variables, compiled once") {
    auto f = AccessLogFormat::compile("id=$context.requestId s=$context.status!", false);
    REQUIRE(f.segments().size() == 3);
    CHECK(f.segments()[0].literal == "id=");
    CHECK(f.segments()[0].var == LogVar::RequestId);
    CHECK(f.segments()[1].literal == " s=");
    CHECK(f.segments()[1].var == LogVar::Status);
    CHECK(f.segments()[2].literal == "!");
    CHECK(f.segments()[2].var == LogVar::None);
    CHECK(f.unknown().empty());
    CHECK(render(f, {{LogVar::RequestId, "abc"}, {LogVar::Status, "200"}}) == "id=abc s=200!");
  }

  TEST_CASE("the longest known name wins; what follows is literal text") {
    auto f = AccessLogFormat::compile(
        "$context.requestTimeEpoch|$context.requestTime|$context.statusX|$context.status.", false);
    REQUIRE(f.segments().size() == 5);
    CHECK(f.segments()[0].var == LogVar::RequestTimeEpoch);
    CHECK(f.segments()[1].var == LogVar::RequestTime);
    CHECK(f.segments()[2].var == LogVar::Status);
    CHECK(f.segments()[3].literal == "X|");
    CHECK(f.segments()[3].var == LogVar::Status);
    CHECK(f.segments()[4].literal == ".");
    auto g =
        AccessLogFormat::compile("$context.integrationLatency $context.integration.latency", false);
    CHECK(g.segments()[0].var == LogVar::IntegrationLatency);
    CHECK(g.segments()[1].var == LogVar::IntegrationLatency);
  }

  TEST_CASE("authorizer properties and claims take their key") {
    auto f = AccessLogFormat::compile(
        "$context.authorizer.principalId $context.authorizer.tenant_id "
        "$context.authorizer.claims.cognito:username $context.authorizer.status",
        false);
    REQUIRE(f.segments().size() == 4);
    CHECK(f.segments()[0].var == LogVar::AuthorizerPrincipalId);
    CHECK(f.segments()[1].var == LogVar::AuthorizerProperty);
    CHECK(f.segments()[1].arg == "tenant_id");
    CHECK(f.segments()[2].var == LogVar::AuthorizerClaim);
    CHECK(f.segments()[2].arg == "cognito:username");
    CHECK(f.segments()[3].var == LogVar::AuthorizerStatus);
    CHECK(render(f, {}) == "- <tenant_id> <cognito:username> -");
  }

  TEST_CASE("an unknown variable is reported with its offset and renders -") {
    auto f = AccessLogFormat::compile("a $context.reqestId. b $context.requestId", false);
    REQUIRE(f.unknown().size() == 1);
    CHECK(f.unknown()[0].name == "context.reqestId");
    CHECK(f.unknown()[0].offset == 2);
    CHECK(render(f, {{LogVar::RequestId, "r"}}) == "a -. b r");
  }

  TEST_CASE("a variable without a value renders -") {
    // API Gateway writes "-" for a variable that has no value (e.g. $context.identity.caller on
    // an unsigned call). AWS's access-logging pages do not say so in words; real logs show it:
    // https://github.com/DataBiosphere/azul/issues/6399 (every unset field of a REST API's
    // access log, identity_caller, authorizer_error, dataProcessed..., has the single value "-").
    auto f = AccessLogFormat::compile("[$context.identity.user] [$context.identity.caller]", false);
    CHECK(render(f, {{LogVar::IdentityUser, ""}}) == "[-] [-]");
  }

  TEST_CASE("$context without a name, and other dollars, stay literal") {
    auto f = AccessLogFormat::compile("$context. $input.body $$ $context", false);
    CHECK(f.unknown().empty());
    CHECK(render(f, {}) == "$context. $input.body $$ $context");
  }

  TEST_CASE("values are inserted unescaped, on one line") {
    // AWS's access-logging pages document no escaping of values: a quote in the user agent
    // is written as it is, even in the JSON preset (gw does the same). A line break inside a
    // value would split a log event in two in a file, so gw writes a space instead.
    auto f = AccessLogFormat::compile("JSON", false);
    const std::string line = render(f, {{LogVar::RequestId, "a\"b"}, {LogVar::Status, "2\n00"}});
    CHECK(line.find("\"requestId\":\"a\"b\"") != std::string::npos);
    CHECK(line.find("\"status\":\"2 00\"") != std::string::npos);
  }

  TEST_CASE("each preset is the console's example for the API type") {
    for (std::string_view p : {"CLF", "JSON", "XML", "CSV"}) {
      CAPTURE(p);
      auto rest = AccessLogFormat::compile(p, false);
      auto http = AccessLogFormat::compile(p, true);
      CHECK(rest.unknown().empty());
      CHECK(http.unknown().empty());
      CHECK(rest.uses(LogVar::RequestId));
      CHECK(rest.uses(LogVar::ResourcePath));
      CHECK_FALSE(rest.uses(LogVar::RouteKey));
      CHECK(http.uses(LogVar::RouteKey));
      CHECK_FALSE(http.uses(LogVar::ResourcePath));
      CHECK(rest.uses(LogVar::ResponseLength));
      CHECK(http.uses(LogVar::ResponseLength));
    }
    CHECK(access_log_preset("CLF", false) ==
          "$context.identity.sourceIp $context.identity.caller $context.identity.user "
          "[$context.requestTime]\"$context.httpMethod $context.resourcePath $context.protocol\" "
          "$context.status $context.responseLength $context.requestId $context.extendedRequestId");
    // docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html, "Example log
    // formats": the current CLF ends in $context.extendedRequestId.
    CHECK(access_log_preset("CLF", true) ==
          "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod "
          "$context.routeKey $context.protocol\" $context.status $context.responseLength "
          "$context.requestId $context.extendedRequestId");
    CHECK(access_log_preset("clf", false).empty());  // preset names are upper case
    auto clf = AccessLogFormat::compile("CLF", false);
    CHECK(render(clf, {{LogVar::IdentitySourceIp, "127.0.0.1"},
                       {LogVar::RequestTime, "03/Dec/2026:06:00:00 +0000"},
                       {LogVar::HttpMethod, "GET"},
                       {LogVar::ResourcePath, "/pets"},
                       {LogVar::Protocol, "HTTP/1.1"},
                       {LogVar::Status, "200"},
                       {LogVar::ResponseLength, "12"},
                       {LogVar::RequestId, "r-1"},
                       {LogVar::ExtendedRequestId, "e-1="}}) ==
          "127.0.0.1 - - [03/Dec/2026:06:00:00 +0000]\"GET /pets HTTP/1.1\" 200 12 r-1 e-1=");
  }

  TEST_CASE("an empty format is empty") {
    CHECK(AccessLogFormat::compile("", false).empty());
    CHECK_FALSE(AccessLogFormat::compile("text", false).empty());
  }
}

}  // namespace
}  // namespace gw::observe
