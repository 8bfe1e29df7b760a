#include <doctest/doctest.h>

#include <filesystem>

#include "core/integrations/recording_clients.h"
#include "core/replay/recorded_backends.h"
#include "core/replay/recorder.h"
#include "core/replay/replayer.h"
#include "tests/core/auth/auth_fixture.h"

using namespace gw;
using namespace gw::replay;
using namespace gw::testing;

namespace {

// A REST API behind a cached TOKEN authorizer (fact 53: 300 s) whose function is "auth".
model::Api token_api() {
  model::Api api = secured_api(model::ApiType::Rest, "tok");
  model::Authorizer a = lambda_authorizer("tok", "token");
  a.identity_source = "method.request.header.Authorization";
  a.result_ttl_seconds = 300;
  api.authorizers["tok"] = a;
  return api;
}

Request bearer(std::string method, std::string path, std::string token = "Bearer abc") {
  Request r = request(std::move(method), std::move(path));
  r.headers.add("Authorization", std::move(token));
  r.headers.add("Host", "localhost");
  return r;
}

/// Records requests through `api` as `gw serve --record` does; the authorizer allows only
/// GET /pets, so a cached answer reused for another method denies it (fact 53).
std::string record(const model::Api& api, const std::vector<Request>& requests) {
  auto dir = std::filesystem::temp_directory_path() / "gw-recorded-backends-tests";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "auth.jsonl").string();
  std::filesystem::remove(path);
  AuthFixture f(api);
  f.invoker.auth_answer = allow_policy("arn:aws:execute-api:*:*:*/prod/GET/pets");
  SeededRandom ids(3);
  auto recorder = Recorder::open({path, false, {}}, ids);
  REQUIRE(recorder);
  Gateway gateway(std::make_shared<const model::Api>(api),
                  GatewayDeps{&f.clock, (*recorder)->random(), &f.http, &f.invoker}, {});
  for (const Request& r : requests) {
    f.clock.advance(std::chrono::seconds(2));
    (*recorder)->handle(gateway, r, nullptr);
  }
  return path;
}

std::vector<const Entry*> pointers(const LoadedFile& f) {
  std::vector<const Entry*> out;
  for (const auto& e : f.entries) {
    out.push_back(&e);
  }
  return out;
}

}  // namespace

TEST_SUITE("gw::integrations recording decorators") {
  TEST_CASE("every Lambda call is recorded, the authorizer's and a cached answer included") {
    AuthFixture f(token_api());
    f.invoker.auth_answer = allow_policy("*");
    CHECK(f.handle(bearer("GET", "/prod/pets")).status == 200);
    REQUIRE(f.log.calls.size() == 2);
    CHECK(f.log.calls[0].kind == "lambda");
    CHECK(f.log.calls[0].target == "auth");
    CHECK(f.log.calls[0].request.url == "lambda:auth");
    CHECK(f.log.calls[0].response.body == allow_policy("*"));
    CHECK(!f.log.calls[0].cached);
    CHECK(f.log.calls[1].target == "Fn");
    CHECK(f.handle(bearer("GET", "/prod/pets/1")).status == 200);
    REQUIRE(f.log.calls.size() == 2);
    CHECK(f.invoker.auth_events.size() == 1);  // the cache answered
    CHECK(f.log.calls[0].target == "auth");
    CHECK(f.log.calls[0].cached);
    CHECK(f.log.calls[0].response.body == allow_policy("*"));
    CHECK(f.log.calls[0].response.headers.get("x-amzn-RequestId") == "req-auth");
  }

  TEST_CASE("HTTP and AWS sink calls are recorded by their decorators, outside a scope dropped") {
    FakeClock clock;
    FakeHttpClient http;
    http.next.status = 201;
    http.next.body = "made";
    integrations::RecordingHttpClient client(http, clock);
    SeededRandom random(1);
    integrations::AwsSink sink("", clock, random);
    integrations::RecordingAwsServices aws(sink);
    HttpCall call;
    call.method = "PUT";
    call.url = "http://b.test/x";
    call.kind = "http_proxy";
    {
      integrations::CallScope scope;
      CHECK(client.send(call)->status == 201);
      CHECK(aws.call({"us-east-1", "sns", "Publish", "", "POST", "Action=Publish"}));
      auto calls = scope.take();
      REQUIRE(calls.size() == 2);
      CHECK(calls[0].kind == "http_proxy");
      CHECK(calls[0].target == "PUT http://b.test/x");
      CHECK(calls[0].response.body == "made");
      CHECK(calls[1].kind == "aws");
      CHECK(calls[1].target == "sns:Publish");
      CHECK(calls[1].request.url == "aws-sink:sns:Publish");
      CHECK(calls[1].status == 200);
    }
    CHECK(client.send(call));  // no scope: nothing to append to, the call still goes through
  }
}

TEST_SUITE("gw::replay::RecordedBackends") {
  TEST_CASE("an authorizer's answers, cached ones too, replay whatever the order and jobs") {
    // 1: the authorizer runs; 2: its cached narrow policy denies GET /pets/1 (403); 3: cached
    // allow; 4: another token runs the authorizer again.
    const std::string path = record(token_api(), {bearer("GET", "/prod/pets"),
                                                  bearer("GET", "/prod/pets/1"),
                                                  bearer("GET", "/prod/pets"),
                                                  bearer("GET", "/prod/pets", "Bearer xyz")});
    // Issue 16 item 11: a recording may hold credentials, so only its owner reads it.
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    auto f = load_file(path);
    REQUIRE(f);
    REQUIRE(f->entries.size() == 4);
    CHECK(f->entries[1].exchange.response.status == 403);
    REQUIRE(!f->entries[1].exchange.integrations.empty());
    CHECK(f->entries[1].exchange.integrations[0].cached);
    auto model = std::make_shared<const model::Api>(token_api());
    std::vector<const Entry*> all = pointers(*f);
    std::vector<std::vector<const Entry*>> orders = {
        all, {all[3], all[2], all[1], all[0]}, {all[1]}, {all[2]}, shard_of(all, 2, 2)};
    for (const auto& entries : orders) {
      for (int jobs : {1, 3}) {
        ReplayOptions o;
        o.jobs = jobs;
        for (const ExchangeResult& r : run_replay(model, entries, o)) {
          INFO(r.entry->line, ": ", r.problems.empty() ? "" : r.problems[0]);
          CHECK(r.outcome == Outcome::Passed);
        }
      }
    }
  }

  TEST_CASE("results are not reusable; cached answers skip the request check; AWS calls") {
    RecordedBackends b;
    CHECK(!b.results_reusable());
    std::vector<IntegrationCall> calls(2);
    calls[0].kind = "lambda";
    calls[0].target = "auth";
    calls[0].cached = true;
    calls[0].request.url = "lambda:auth";
    calls[0].request.body = "";
    calls[0].status = 200;
    calls[0].response.body = R"({"principalId":"u"})";
    calls[1].kind = "aws";
    calls[1].target = "sqs:SendMessage";
    calls[1].request.url = "aws-sink:sqs:SendMessage";
    calls[1].request.body = "Action=SendMessage";
    calls[1].status = 200;
    calls[1].response.body = "queued";
    b.reset(&calls);
    model::FunctionConfig fn = fn_config("auth");
    lambda::Invocation inv{nullptr, &fn, R"({"type":"TOKEN"})", std::chrono::milliseconds(1), "",
                           ""};
    auto out = b.invoke(inv);
    REQUIRE(out);
    CHECK(out->payload == R"({"principalId":"u"})");
    auto aws = b.call({"us-east-1", "sqs", "SendMessage", "", "POST", "Action=SendMessage"});
    REQUIRE(aws);
    CHECK(aws->body == "queued");
    CHECK(b.finish().empty());
    b.reset(&calls);
    CHECK(!b.call({"us-east-1", "sns", "Publish", "", "POST", ""}));
    std::vector<std::string> problems = b.finish();
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "AWS service call not in the recording: sns:Publish\n");
    CHECK(problems[1] == "recorded lambda call not made: auth\n");
    CHECK(problems[2] == "recorded aws call not made: sqs:SendMessage\n");
  }
}
