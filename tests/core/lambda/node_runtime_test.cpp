#include <doctest/doctest.h>

#include <cstdlib>

#include "core/lambda/function_manager.h"

using namespace gw;
using gw::lambda::FunctionManager;
using gw::lambda::Invocation;

namespace {

// Skipped (not failed) on machines without node.
bool have_node() { return std::system("command -v node >/dev/null 2>&1") == 0; }

std::shared_ptr<model::Api> node_api() {
  auto api = std::make_shared<model::Api>();
  api->spec_path =
      std::make_shared<const std::string>(GW_SOURCE_DIR "/fixtures/lambda/node/api.yaml");
  return api;
}

model::FunctionConfig node_fn(std::string name, std::string handler,
                              std::string runtime = "nodejs20.x") {
  model::FunctionConfig f;
  f.name = std::move(name);
  f.runtime = std::move(runtime);  // (assigning literals here trips g++ 12's -Wrestrict)
  f.handler = std::move(handler);  // codeUri "" = the spec's directory
  return f;
}

Result<lambda::InvokeOutput> call(FunctionManager& m, const model::Api& api,
                                  const model::FunctionConfig& fn, std::string payload = "{}") {
  return m.invoke(Invocation{&api, &fn, std::move(payload), std::chrono::seconds(29), "", ""});
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("gw::lambda::node bootstrap") {
  TEST_CASE("async handlers get the event and the context" * doctest::skip(!have_node())) {
    auto api = node_api();
    auto fn = node_fn("hello", "handlers.asyncHello");
    FunctionManager m;
    auto out = call(m, *api, fn, R"({"queryStringParameters":{"name":"Vinod"}})");
    REQUIRE(out);
    CHECK_FALSE(out->function_error);
    CHECK(contains(out->payload, R"(\"message\":\"hello, Vinod\")"));
    CHECK(contains(out->payload, out->request_id));
    CHECK(contains(out->payload, R"(\"functionName\":\"hello\")"));
    CHECK(contains(out->payload, R"(\"remaining\":true)"));
  }
  TEST_CASE("callback handlers, warm reuse and errors" * doctest::skip(!have_node())) {
    auto api = node_api();
    FunctionManager m;
    auto cb = call(m, *api, node_fn("cb", "handlers.callbackHello"));
    REQUIRE(cb);
    CHECK(cb->payload == R"({"statusCode":200,"body":"from callback"})");
    auto pid = node_fn("pid", "handlers.pid");
    auto first = call(m, *api, pid);
    auto second = call(m, *api, pid);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->payload == second->payload);
    CHECK_FALSE(second->cold_start);
    auto boom = call(m, *api, node_fn("boom", "handlers.boom"));
    REQUIRE(boom);
    CHECK(boom->function_error);
    CHECK(contains(boom->payload, R"("errorType":"TypeError")"));
    CHECK(contains(boom->payload, R"("errorMessage":"node boom")"));
    auto missing = call(m, *api, node_fn("missing", "nosuch.handler"));
    REQUIRE(missing);
    CHECK(missing->function_error);
    CHECK(contains(missing->payload, "Runtime.ImportModuleError"));
  }
}
