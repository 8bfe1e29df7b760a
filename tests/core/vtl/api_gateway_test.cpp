// API Gateway's variables: $input, $util, $context, $stageVariables, and the limits
// (AWS_BEHAVIOUR.md facts 35-43).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "tests/core/vtl/vtl_test_util.h"

using gw::vtl::Inputs;
using gw::vtl::Outputs;
using gw::vtl::Value;
using gw::vtl::testing::run;

namespace {

Inputs with_body(std::string_view body) {
  Inputs in;
  in.body = body;
  return in;
}

Inputs with_params() {
  Inputs in;
  in.path_params = {{"id", "42"}, {"dup", "from-path"}};
  in.query_params = {{"q", "term"}, {"dup", "from-query"}, {"h", "from-query"}};
  in.header_params = {{"X-Api", "hv"}, {"h", "from-header"}};
  return in;
}

}  // namespace

TEST_SUITE("gw::vtl $input") {
  TEST_CASE("fact 35: params(x) searches path, then query string, then header") {
    Inputs in = with_params();
    CHECK(run("$input.params('id') $input.params('q') $input.params('X-Api')", in) == "42 term hv");
    CHECK(run("$input.params('dup') $input.params('h')", in) == "from-path from-query");
    CHECK(run("[$input.params('absent')]", in) == "[]");
    CHECK(run("$input.params().path.id $input.params().querystring.q "
              "$input.params().header.get('X-Api')",
              in) == "42 term hv");
    CHECK(run("#foreach($k in $input.params().path.keySet())$k,#end", in) == "id,dup,");
  }

  TEST_CASE("fact 36: path() objects print Java-style, lists print as JSON") {
    CHECK(run("$input.path('$.json')", with_body(R"({"json":{"foo":"bar"}})")) == "{foo=bar}");
    CHECK(run("$input.path('$.json')", with_body(R"({"json":[{"foo":"bar"}]})")) ==
          R"([{"foo":"bar"}])");
    CHECK(run("$input.path('$.json')", with_body(R"({"json":{"foo":[{"nested":"bar"}]}})")) ==
          R"({foo=[{"nested":"bar"}]})");
    CHECK(run("$input.path('$.json')",
              with_body(R"({"json":{"bigger":"dict","to":"test","with":"separators"}})")) ==
          "{bigger=dict, to=test, with=separators}");
    CHECK(run("$input.path('$.json').toString()", with_body(R"({"json":{"foo":"bar"}})")) ==
          "{foo=bar}");
  }

  TEST_CASE("fact 37: a path matching nothing renders as nothing; [] stays []") {
    Inputs in = with_body(R"({"a":[],"n":null})");
    CHECK(run("[$input.path('$.missing')]", in) == "[]");
    CHECK(run("#if($input.path('$.missing') == '')empty#end", in) == "empty");
    CHECK(run("#if($input.path('$.missing') == $null)null#end", in) == "null");
    CHECK(run("#if($input.path('$.a') == $null)null#{else}not#end", in) == "not");
    CHECK(run("$input.path('$.a')", in) == "[]");
    CHECK(run("$input.json('$.a[*]') $input.path('$..zz').size()", in) == "[] 0");
    CHECK(run("#if($input.path('$.a') == '')empty#{else}not#end", in) == "not");
  }

  TEST_CASE("fact 38: body of an empty request is {}; raw otherwise") {
    CHECK(run("$input.body", with_body("")) == "{}");
    CHECK(run("$input.body", with_body("not json at all")) == "not json at all");
    CHECK(run("$input.json('$')", with_body("")) == "{}");
  }

  TEST_CASE("json() serialises the selection; path() navigates it") {
    Inputs in = with_body(R"({"a":{"b":[1,2,{"c":"x"}]},"s":"t"})");
    CHECK(run("$input.json('$.a')", in) == R"({"b":[1,2,{"c":"x"}]})");
    CHECK(run("$input.json('$.s')", in) == R"("t")");
    CHECK(run("$input.path('$.s')", in) == "t");
    CHECK(run("$input.path('$.a.b').size() $input.path('$.a.b')[2].c", in) == "3 x");
    CHECK(run("$input.json('$.a.b[*]')", in) == R"([1,2,{"c":"x"}])");
    CHECK(run("#foreach($e in $input.path('$.a.b'))$e;#end", in) == "1;2;{c=x};");
  }

  TEST_CASE("json() on a non-JSON body is a client error, positioned") {
    auto t = gw::vtl::parse("{\n  \"b\": $input.json('$')\n}");
    REQUIRE(t);
    Inputs in = with_body("{nope");
    auto r = gw::vtl::render(**t, in);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == gw::ErrorKind::BadInput);
    CHECK(r.error().message == "template 2:14: Could not parse request body into json");
  }
}

TEST_SUITE("gw::vtl $util") {
  TEST_CASE("fact 39: urlEncode is form encoding") {
    CHECK(run("$util.urlEncode('{\"some\": \"value\"}')") == "%7B%22some%22%3A+%22value%22%7D");
    CHECK(run("$util.urlEncode('some raw data')") == "some+raw+data");
    CHECK(run("$util.urlDecode('a+b%2Fc')") == "a b/c");
  }

  TEST_CASE("fact 40: escapeJavaScript escapes single and double quotes") {
    CHECK(run("$util.escapeJavaScript(\"it's \")") == "it\\'s ");
    CHECK(run("$util.escapeJavaScript('say \"hi\"\n/')") == "say \\\"hi\\\"\\n\\/");
    CHECK(run("$util.escapeJavaScript('é')") == "\\u00E9");
    CHECK(run("$util.escapeJavaScript(\"it's\").replaceAll(\"\\\\'\",\"'\")") == "it's");
  }

  TEST_CASE("fact 41: parseJson returns a navigable object") {
    Inputs in = with_body(R"({"errorMessage":"{\"key1\":\"v\",\"key2\":{\"arr\":[1,2]}}"})");
    CHECK(run("$util.parseJson($input.path('$.errorMessage')).key2.arr[0]", in) == "1");
    CHECK(run("$util.parseJson('nope')").starts_with("ERROR: template 1:6: $util.parseJson"));
  }

  TEST_CASE("fact 42: base64Encode / base64Decode") {
    CHECK(run("$util.base64Encode('hello world')") == "aGVsbG8gd29ybGQ=");
    CHECK(run("$util.base64Encode('ab')") == "YWI=");
    CHECK(run("$util.base64Decode('aGVsbG8gd29ybGQ=')") == "hello world");
    CHECK(run("$util.base64Decode('!!')").starts_with("ERROR: "));
  }
}

TEST_SUITE("gw::vtl $context") {
  TEST_CASE("fact 43: nested context values and stage variables") {
    Inputs in;
    in.context = gw::vtl::from_json(nlohmann::json::parse(
        R"({"requestId":"r-1","identity":{"sourceIp":"1.2.3.4"},
            "authorizer":{"claims":{"sub":"u1"},"principalId":"p"}})"));
    in.stage_variables = gw::vtl::string_map({{"env", "prod"}});
    CHECK(run("$context.requestId $context.identity.sourceIp $context.authorizer.claims.sub "
              "$context.authorizer.principalId $stageVariables.env $!context.nothing.",
              in) == "r-1 1.2.3.4 u1 p prod .");
  }

  TEST_CASE("put_path builds nested context maps") {
    Inputs in;
    gw::vtl::put_path(in.context, "identity.sourceIp", Value("1.2.3.4"));
    gw::vtl::put_path(in.context, "identity.user", Value("u"));
    gw::vtl::put_path(in.context, "stage", Value("prod"));
    CHECK(run("$context.identity.sourceIp $context.identity.user $context.stage", in) ==
          "1.2.3.4 u prod");
  }

  TEST_CASE("fact 33: responseOverride and requestOverride come back in Outputs") {
    Inputs in;
    Outputs out;
    CHECK(run("#set($context.responseOverride.status = 444)"
              "#set($context.responseOverride.header.X-Id = 'abc')"
              "#set($context.requestOverride.querystring.q = 'z')"
              "$context.responseOverride.status",
              in, &out) == "444");
    CHECK(out.status_override == 444);
    REQUIRE(out.response_headers.size() == 1);
    CHECK(out.response_headers[0] == std::pair<std::string, std::string>{"X-Id", "abc"});
    CHECK(out.request_query == gw::vtl::Params{{"q", "z"}});
    // The caller's context is not modified.
    CHECK(in.context.as_map().find("responseOverride") == nullptr);
  }
}

TEST_SUITE("gw::vtl limits") {
  TEST_CASE("fact 42: #foreach stops after 1000 iterations") {
    CHECK(run("#set($n = 0)#foreach($i in [1..1500])#set($n = $n + 1)#end$n") == "1000");
  }

  TEST_CASE("output and total-iteration guards") {
    Inputs in;
    in.limits.max_output = 100;
    CHECK(run("#foreach($i in [1..500])xxxx#end", in) ==
          "ERROR: template 1:25: template output exceeds 100 bytes");
    Inputs loops;
    loops.limits.total_iterations = 5000;
    CHECK(run("#foreach($i in [1..100])#foreach($j in [1..100])#end#end", loops)
              .find("iterations in total") != std::string::npos);
    CHECK(run("#set($r = [1..100000000])").find("too large") != std::string::npos);
  }
}

TEST_SUITE("gw::vtl bench" * doctest::skip()) {
  TEST_CASE("micro-benchmark: a typical request template") {
    auto t = gw::vtl::parse(R"T({
  "id": "$input.params('id')",
  "name": $input.json('$.name'),
  "tags": [
#foreach($t in $input.path('$.tags'))
    "$util.escapeJavaScript($t)"#if($foreach.hasNext),#end
#end
  ],
  "requestId": "$context.requestId",
  "stage": "$stageVariables.env"
})T");
    REQUIRE(t);
    Inputs in = with_params();
    in.body = R"({"name":"Rex","tags":["a","b","c"]})";
    in.context = gw::vtl::from_json(nlohmann::json::parse(R"({"requestId":"r-1"})"));
    in.stage_variables = gw::vtl::string_map({{"env", "prod"}});
    constexpr int kRuns = 100000;
    auto start = std::chrono::steady_clock::now();
    size_t bytes = 0;
    for (int i = 0; i < kRuns; ++i) {
      bytes += gw::vtl::render(**t, in)->size();
    }
    std::chrono::duration<double, std::micro> us = std::chrono::steady_clock::now() - start;
    std::printf("vtl render: %.2f us/render (%zu bytes)\n", us.count() / kRuns, bytes / kRuns);
    CHECK(bytes > 0);
  }
}

TEST_SUITE("gw::vtl check") {
  TEST_CASE("unknown $util / $input members are reported with a did-you-mean hint") {
    auto t = gw::vtl::parse("ok $util.urlEncode('x')\n#if($util.escapeJavascript($input.bdy))#end");
    REQUIRE(t);
    auto errors = gw::vtl::check(**t);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message == "template 2:34: unknown member $input.bdy");
    CHECK(errors[0].hint == "did you mean $input.body?");
    CHECK(errors[1].message == "template 2:10: unknown member $util.escapeJavascript");
    CHECK(errors[1].hint == "did you mean $util.escapeJavaScript?");
    auto clean = gw::vtl::parse("$input.json('$') $util.base64Encode($input.body) $other.x");
    REQUIRE(clean);
    CHECK(gw::vtl::check(**clean).empty());
  }
}
