#include "core/pipeline/value_expr.h"

#include <doctest/doctest.h>

#include "core/auth/identity_source.h"
#include "core/pipeline/exchange.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using gw::pipeline::ValueExpr;
using Source = ValueExpr::Source;
using Dialect = ValueExpr::Dialect;

namespace {

/// An exchange routed to GET /pets/{id} with id=7, stage variables {table: pets}.
struct Routed {
  explicit Routed(Request r) : api(rest_api({operation("GET", "/pets/{id}", mock_integration())})),
                               deps(api), req(std::move(r)), ex(req, deps.shared, false) {
    ex.route = router::RouteMatch{&api.operations[0], {{"id", "7"}}, "/pets/{id}"};
    ex.stage_variables = &variables;
    ex.context.stage = "prod";
  }
  model::Api api;
  StepDeps deps;
  Request req;
  std::map<std::string, std::string> variables{{"table", "pets"}};
  pipeline::Exchange ex;
};

std::optional<std::string> eval(const Routed& r, std::string_view text,
                                Dialect d = Dialect::Rest, const Response* integ = nullptr) {
  auto e = ValueExpr::parse(text, d);
  REQUIRE(e);
  return e->eval(r.ex, integ);
}

}  // namespace

TEST_SUITE("gw::pipeline::ValueExpr") {
  TEST_CASE("context.domainName is the Host without its port, as API Gateway's never has one") {
    for (const auto& [host, name] : std::vector<std::pair<std::string, std::string>>{
             {"api.example.test:3000", "api.example.test"},
             {"localhost", "localhost"},
             {"[::1]:3000", "[::1]"},
             {"[::1]", "[::1]"}}) {
      Request req;
      req.headers.add("Host", host);
      const Routed r(req);
      CHECK(eval(r, "context.domainName") == name);
      CHECK(eval(r, "context.domainPrefix") == name.substr(0, name.find('.')));
    }
  }

  TEST_CASE("REST sources: static, method request, context, stage variables, integration") {
    Request req = request("GET", "/prod/pets/7", "q=a&q=b&one=1");
    req.headers.add("X-Multi", "x");
    req.headers.add("X-Multi", "y");
    Routed r(std::move(req));
    CHECK(eval(r, "'static'") == "static");
    CHECK(eval(r, " method.request.path.id ") == "7");
    CHECK(eval(r, "method.request.querystring.q") == "b");  // the last one (fact 8)
    CHECK(eval(r, "method.request.multivaluequerystring.q") == "a,b");
    CHECK(eval(r, "method.request.header.x-multi") == "x");
    CHECK(eval(r, "method.request.multivalueheader.X-Multi") == "x,y");
    CHECK(eval(r, "context.stage") == "prod");
    CHECK(eval(r, "stageVariables.table") == "pets");
    CHECK(eval(r, "method.request.querystring.none") == std::nullopt);
    CHECK(eval(r, "stageVariables.none") == std::nullopt);
    Response integ{201, {}, "{\"ok\":true}"};
    integ.headers.add("X-Backend", "b1");
    CHECK(eval(r, "integration.response.header.X-Backend", Dialect::Rest, &integ) == "b1");
    CHECK(eval(r, "integration.response.body", Dialect::Rest, &integ) == "{\"ok\":true}");
    CHECK(eval(r, "integration.response.body") == std::nullopt);  // no integration response
    // Not REST expressions: no mapping.
    CHECK_FALSE(ValueExpr::parse("$request.header.x", Dialect::Rest));
    CHECK_FALSE(ValueExpr::parse("method.request.path.", Dialect::Rest));
    CHECK_FALSE(ValueExpr::parse("plain", Dialect::Rest));
  }

  TEST_CASE("HTTP API sources: $request.*, the body, and plain text as a static value") {
    Request req = request("POST", "/pets/7", "q=1");
    req.headers.add("X-Id", "h");
    req.body = R"({"order":{"id":42,"name":"x"}})";
    Routed r(std::move(req));
    CHECK(eval(r, "$request.header.X-Id", Dialect::Http) == "h");
    CHECK(eval(r, "$request.querystring.q", Dialect::Http) == "1");
    CHECK(eval(r, "$request.path.id", Dialect::Http) == "7");
    CHECK(eval(r, "$request.body", Dialect::Http) == r.req.body);
    CHECK(eval(r, "$request.body.order.id", Dialect::Http) == "42");
    CHECK(eval(r, "$request.body.order.name", Dialect::Http) == "x");
    CHECK(eval(r, "$request.body.order.none", Dialect::Http) == std::nullopt);
    CHECK(eval(r, "$context.stage", Dialect::Http) == "prod");
    CHECK(eval(r, "$stageVariables.table", Dialect::Http) == "pets");
    CHECK(eval(r, "a static value", Dialect::Http) == "a static value");
  }

  TEST_CASE("identity sources: both dialects, every value of a repeated header, empty is absent") {
    auto sources = auth::parse_identity_sources(
        "method.request.header.Auth, $request.querystring.t, stageVariables.table, "
        "context.stage, method.request.path.id, 'static'");
    REQUIRE(sources.size() == 4);  // path parameters and static values are not identity sources
    CHECK(sources[0].source() == Source::MultiHeader);
    CHECK(sources[1].source() == Source::Query);
    Request req = request("GET", "/prod/pets/7", "t=%20");
    req.headers.add("Auth", "a");
    req.headers.add("Auth", "b");
    Routed r(std::move(req));
    CHECK(auth::identity_value(sources[0], r.ex) == "a,b");
    CHECK(auth::identity_value(sources[1], r.ex) == std::nullopt);  // blank: 401 (fact 52)
    CHECK(auth::identity_value(sources[2], r.ex) == "pets");
    CHECK(auth::identity_value(sources[3], r.ex) == "prod");
    CHECK(sources[0].text() == "method.request.header.Auth");
  }
}
