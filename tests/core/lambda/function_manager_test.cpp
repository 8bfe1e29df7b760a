#include "core/lambda/function_manager.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

using namespace gw;
using gw::lambda::FunctionManager;
using gw::lambda::Invocation;

namespace {

// An API whose spec sits in fixtures/lambda/handlers (codeUri "." is that directory).
std::shared_ptr<model::Api> handlers_api() {
  auto api = std::make_shared<model::Api>();
  api->spec_path =
      std::make_shared<const std::string>(GW_SOURCE_DIR "/fixtures/lambda/handlers/api.yaml");
  return api;
}

model::FunctionConfig python_fn(std::string name, std::string handler, int timeout = 3) {
  model::FunctionConfig f;
  f.name = std::move(name);
  f.runtime = "python3.12";
  f.handler = std::move(handler);
  f.code_uri = ".";
  f.timeout_seconds = timeout;
  return f;
}

Result<lambda::InvokeOutput> call(FunctionManager& m, const model::Api& api,
                                  const model::FunctionConfig& fn, std::string payload = "{}",
                                  std::chrono::milliseconds caller = std::chrono::seconds(29)) {
  return m.invoke(Invocation{&api, &fn, std::move(payload), caller, "", ""});
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("gw::lambda::FunctionManager") {
  TEST_CASE("a warm worker is reused across invocations") {
    auto api = handlers_api();
    auto fn = python_fn("pid", "handlers.pid");
    FunctionManager m;
    auto first = call(m, *api, fn);
    REQUIRE(first);
    CHECK(first->cold_start);
    CHECK_FALSE(first->function_error);
    auto second = call(m, *api, fn);
    REQUIRE(second);
    CHECK_FALSE(second->cold_start);
    CHECK(second->payload == first->payload);
    CHECK(m.workers_for_test("pid") == 1);
  }
  TEST_CASE("the context object and the environment Lambda gives a function") {
    auto api = handlers_api();
    auto fn = python_fn("echo", "handlers.echo");
    fn.environment["GREETING"] = "hi";
    FunctionManager m;
    auto out = call(m, *api, fn, R"({"k":"v"})");
    REQUIRE(out);
    const std::string& p = out->payload;
    CHECK(contains(p, R"(\"k\": \"v\")"));
    CHECK(contains(p, out->request_id));
    CHECK(contains(
        p, R"(\"invoked_function_arn\": \"arn:aws:lambda:us-east-1:123456789012:function:echo\")"));
    CHECK(contains(p, R"(\"AWS_REGION\": \"us-east-1\")"));
    CHECK(contains(p, R"(\"_HANDLER\": \"handlers.echo\")"));
    CHECK(contains(p, R"(\"GREETING\": \"hi\")"));
    CHECK(contains(p, R"(\"AWS_LAMBDA_RUNTIME_API\": \"127.0.0.1:)"));
    CHECK(contains(p, R"(fixtures/lambda/handlers\")"));
    CHECK(contains(p, R"(\"cognito_identity_id\": null)"));
    CHECK(contains(p, R"(\"app_title\": null)"));
  }

  TEST_CASE("a changed configuration at the same address gets its own workers (pool cache)") {
    auto api = handlers_api();
    auto fn = python_fn("echo", "handlers.echo");
    fn.environment["GREETING"] = "first";
    FunctionManager m;
    auto first = call(m, *api, fn);
    REQUIRE(first);
    CHECK(contains(first->payload, R"(\"GREETING\": \"first\")"));
    fn.environment["GREETING"] = "second";  // as a reloaded API reusing the address would
    auto second = call(m, *api, fn);
    REQUIRE(second);
    CHECK(second->cold_start);
    CHECK(contains(second->payload, R"(\"GREETING\": \"second\")"));
    auto warm = call(m, *api, fn);
    REQUIRE(warm);
    CHECK_FALSE(warm->cold_start);
  }
  TEST_CASE("client context and Cognito identity reach the context object (Runtime API headers)") {
    auto api = handlers_api();
    auto fn = python_fn("echo", "handlers.echo");
    FunctionManager m;
    auto out = m.invoke(Invocation{
        api.get(), &fn, "{}", std::chrono::seconds(29),
        R"({"client":{"app_title":"Shop","installation_id":"i-1"},"custom":{"k":"v"},"env":{}})",
        R"({"cognitoIdentityId":"us-east-1:abc","cognitoIdentityPoolId":"us-east-1:pool"})"});
    REQUIRE(out);
    const std::string& p = out->payload;
    CHECK(contains(p, R"(\"cognito_identity_id\": \"us-east-1:abc\")"));
    CHECK(contains(p, R"(\"app_title\": \"Shop\")"));
    CHECK(contains(p, R"(\"custom\": {\"k\": \"v\"})"));
  }
  TEST_CASE("Node: context.identity and context.clientContext are the headers' JSON objects" *
            doctest::skip(std::system("command -v node >/dev/null 2>&1") != 0)) {
    auto api = std::make_shared<model::Api>();
    api->spec_path =
        std::make_shared<const std::string>(GW_SOURCE_DIR "/fixtures/lambda/node/api.yaml");
    model::FunctionConfig fn;
    fn.name = "context";
    fn.runtime = "nodejs20.x";
    fn.handler = "context.handler";  // fixtures/lambda/node/context.js
    FunctionManager m;
    const std::string client =
        R"({"client":{"installation_id":"i-1","app_title":"Shop","app_version_name":"1.0",)"
        R"("app_version_code":"7","app_package_name":"com.shop"},"custom":{"k":"v"},)"
        R"("env":{"platform":"Android","locale":"en_US"}})";
    const std::string cognito =
        R"({"cognitoIdentityId":"us-east-1:abc","cognitoIdentityPoolId":"us-east-1:pool"})";
    auto out =
        m.invoke(Invocation{api.get(), &fn, "{}", std::chrono::seconds(29), client, cognito});
    REQUIRE(out);
    REQUIRE_FALSE(out->function_error);
    const auto doc = nlohmann::json::parse(out->payload);
    // AWS's Node runtime: identity = {cognitoIdentityId, cognitoIdentityPoolId}; clientContext
    // = the parsed client context (client, custom, env) as sent.
    CHECK(doc["identity"] == nlohmann::json::parse(cognito));
    CHECK(doc["clientContext"] == nlohmann::json::parse(client));
    CHECK(doc["clientContext"]["client"]["app_title"] == "Shop");
    CHECK(doc["clientContext"]["env"]["platform"] == "Android");
    // Without the headers both are undefined, as on AWS (the same warm worker).
    auto bare = call(m, *api, fn);
    REQUIRE(bare);
    CHECK_FALSE(bare->cold_start);
    CHECK(nlohmann::json::parse(bare->payload) ==
          nlohmann::json{{"identity", "undefined"}, {"clientContext", "undefined"}});
  }
  TEST_CASE("an exception becomes errorMessage / errorType / stackTrace") {
    auto api = handlers_api();
    auto fn = python_fn("boom", "handlers.boom");
    FunctionManager m;
    auto out = call(m, *api, fn);
    REQUIRE(out);
    CHECK(out->function_error);
    CHECK(contains(out->payload, R"("errorMessage": "boom")"));
    CHECK(contains(out->payload, R"("errorType": "ValueError")"));
    CHECK(contains(out->payload, R"("stackTrace")"));
    CHECK(m.workers_for_test("boom") == 1);  // the worker survives a handled error
  }
  TEST_CASE("a response over 6 MB is Function.ResponseSizeTooLarge (Lambda's limit)") {
    auto api = handlers_api();
    auto fn = python_fn("too_big", "handlers.too_big", 10);
    FunctionManager m;
    auto out = call(m, *api, fn);
    REQUIRE(out);
    CHECK(out->function_error);
    CHECK(contains(out->payload, R"("errorType":"Function.ResponseSizeTooLarge")"));
    CHECK(contains(out->payload, "maximum allowed payload size (6291556 bytes)"));
    auto again = call(m, *api, python_fn("pid", "handlers.pid"));  // the manager carries on
    REQUIRE(again);
  }
  TEST_CASE("a 5 MB event reaches the Python handler whole, and the worker stays usable") {
    // The bootstrap reads a body larger than its 64 KiB receive buffer straight into place.
    auto api = handlers_api();
    auto fn = python_fn("echo", "handlers.echo");
    FunctionManager m;
    const std::string big(5 * 1024 * 1024, 'x');
    auto out = call(m, *api, fn, R"({"body":")" + big + R"(end"})");
    REQUIRE(out);
    CHECK_FALSE(out->function_error);
    CHECK(contains(out->payload, big + "end"));
    auto small = call(m, *api, fn, R"({"body":"after"})");
    REQUIRE(small);
    CHECK(contains(small->payload, R"(\"body\": \"after\")"));
    CHECK(m.workers_for_test("echo") == 1);
  }
  TEST_CASE("the function timeout: Task timed out, the worker replaced") {
    auto api = handlers_api();
    auto fn = python_fn("sleepy", "handlers.sleepy", 1);
    FunctionManager m;
    auto out = call(m, *api, fn, R"({"queryStringParameters":{"s":"30"}})");
    REQUIRE(out);
    CHECK(out->function_error);
    CHECK(contains(out->payload, "Task timed out after 1.00 seconds"));
    CHECK(m.workers_for_test("sleepy") == 0);
    auto again = call(m, *api, fn, R"({"queryStringParameters":{"s":"0"}})");
    REQUIRE(again);
    CHECK_FALSE(again->function_error);
    CHECK(again->cold_start);
  }
  TEST_CASE("a worker that exits mid-invocation gives Runtime.ExitError and is replaced") {
    auto api = handlers_api();
    auto fn = python_fn("crash", "handlers.crash");
    FunctionManager m;
    auto out = call(m, *api, fn);
    REQUIRE(out);
    CHECK(out->function_error);
    CHECK(contains(out->payload, "Runtime.ExitError"));
    CHECK(contains(out->payload, "exit status 3"));
    CHECK(m.workers_for_test("crash") == 0);
  }
  TEST_CASE("an import error is reported through /init/error") {
    auto api = handlers_api();
    auto fn = python_fn("missing", "nosuchmodule.handler");
    FunctionManager m;
    auto out = call(m, *api, fn);
    REQUIRE(out);
    CHECK(out->function_error);
    CHECK(contains(out->payload, "Runtime.ImportModuleError"));
  }
  TEST_CASE("the caller's timeout comes first: ErrorKind::Timeout") {
    auto api = handlers_api();
    auto fn = python_fn("sleepy", "handlers.sleepy", 30);
    FunctionManager m;
    auto out = call(m, *api, fn, R"({"queryStringParameters":{"s":"30"}})",
                    std::chrono::milliseconds(300));
    REQUIRE_FALSE(out);
    CHECK(out.error().kind == ErrorKind::Timeout);
  }
  TEST_CASE("bounded concurrency: a second invocation waits for the one worker") {
    auto api = handlers_api();
    auto fn = python_fn("sleepy", "handlers.sleepy");
    FunctionManager m(lambda::FunctionManagerOptions{1, false});
    const std::string payload = R"({"queryStringParameters":{"s":"0.3"}})";
    auto a = std::async(std::launch::async, [&] { return call(m, *api, fn, payload); });
    auto b = std::async(std::launch::async, [&] { return call(m, *api, fn, payload); });
    auto ra = a.get();
    auto rb = b.get();
    REQUIRE(ra);
    REQUIRE(rb);
    CHECK_FALSE(ra->function_error);
    CHECK_FALSE(rb->function_error);
    CHECK(m.workers_for_test("sleepy") == 1);
  }
  TEST_CASE("reservedConcurrency bounds one function below the manager's limit") {
    auto api = handlers_api();
    auto fn = python_fn("sleepy", "handlers.sleepy");
    fn.reserved_concurrency = 1;
    FunctionManager m(lambda::FunctionManagerOptions{10, false});
    const std::string payload = R"({"queryStringParameters":{"s":"0.5"}})";
    auto a = std::async(std::launch::async, [&] { return call(m, *api, fn, payload); });
    for (int i = 0; i < 500 && m.workers_for_test("sleepy") == 0; ++i) {  // a holds the slot
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // The second caller gives up before the first finishes: throttled, as with reserved
    // concurrency on AWS, and no second worker is started.
    auto b = std::async(std::launch::async,
                        [&] { return call(m, *api, fn, payload, std::chrono::milliseconds(100)); });
    auto ra = a.get();
    auto rb = b.get();
    REQUIRE(ra);
    CHECK_FALSE(ra->function_error);
    REQUIRE_FALSE(rb);
    CHECK(contains(rb.error().message, "throttled"));
    CHECK(m.workers_for_test("sleepy") == 1);
  }

  TEST_CASE("a change to the handler's file restarts the workers") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("gw-lambda-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    auto write = [&dir](const char* value) {
      std::ofstream(dir / "mod.py")
          << "def handler(event, context):\n    return '" << value << "'\n";
    };
    write("v1");
    auto api = std::make_shared<model::Api>();
    api->spec_path = std::make_shared<const std::string>((dir / "api.yaml").string());
    auto fn = python_fn("reload", "mod.handler");
    FunctionManager m;
    auto first = call(m, *api, fn);
    REQUIRE(first);
    CHECK(first->payload == R"("v1")");
    write("v2");
    fs::last_write_time(dir / "mod.py",
                        fs::last_write_time(dir / "mod.py") + std::chrono::seconds(2));
    auto second = call(m, *api, fn);
    REQUIRE(second);
    CHECK(second->payload == R"("v2")");
    CHECK(second->cold_start);
    fs::remove_all(dir);
  }
  TEST_CASE("idle workers are stopped after idle_timeout") {
    auto api = handlers_api();
    auto fn = python_fn("pid", "handlers.pid");
    lambda::FunctionManagerOptions options;
    options.idle_timeout = std::chrono::milliseconds(100);
    FunctionManager m(options);
    REQUIRE(call(m, *api, fn));
    // Polled with a bound: the reaper runs every 50 ms.
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (m.workers_for_test("pid") != 0 && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(m.workers_for_test("pid") == 0);
    auto again = call(m, *api, fn);
    REQUIRE(again);
    CHECK(again->cold_start);
  }
  TEST_CASE("provisionedConcurrency: workers start before the first call and are not reaped") {
    auto api = handlers_api();
    api->gw.functions["pid"] = python_fn("pid", "handlers.pid");
    api->gw.functions["pid"].provisioned_concurrency = 2;
    lambda::FunctionManagerOptions options;
    options.idle_timeout = std::chrono::milliseconds(50);
    FunctionManager m(options);
    m.provision(*api);
    CHECK(m.workers_for_test("pid") == 2);
    auto first = call(m, *api, api->gw.functions["pid"]);
    REQUIRE(first);
    CHECK_FALSE(first->cold_start);  // an initialised environment, as on Lambda
    // Lowered to 1 (a reload): the reaper stops the idle surplus and keeps one.
    api->gw.functions["pid"].provisioned_concurrency = 1;
    m.provision(*api);
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (m.workers_for_test("pid") > 1 && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(m.workers_for_test("pid") == 1);
  }
  TEST_CASE("runtime: provided runs codeUri/bootstrap unchanged") {
    auto api = handlers_api();
    model::FunctionConfig fn;
    fn.name = "bash";
    fn.runtime = "provided.al2023";
    fn.handler = "whatever";
    fn.code_uri = "../provided";
    FunctionManager m;
    auto out = call(m, *api, fn);
    REQUIRE(out);
    CHECK(out->payload == R"({"statusCode":200,"body":"from bash whatever"})");
    auto warm = call(m, *api, fn);
    REQUIRE(warm);
    CHECK_FALSE(warm->cold_start);
  }
  TEST_CASE("the Runtime API over per-request connections, chunked results, unknown ids → 400") {
    auto api = handlers_api();
    model::FunctionConfig fn;
    fn.name = "protocol";
    fn.runtime = "provided.al2023";
    fn.handler = "any";
    fn.code_uri = "../protocol";
    FunctionManager m;
    for (int i = 0; i < 2; ++i) {
      auto out = call(m, *api, fn, R"({"k":)" + std::to_string(i) + "}");
      REQUIRE(out);
      CHECK_FALSE(out->function_error);
      auto doc = nlohmann::json::parse(out->payload);
      CHECK(doc["bad_id_status"] == 400);  // InvalidRequestID
      CHECK(doc["event"]["k"] == i);
      CHECK(out->cold_start == (i == 0));
    }
  }
  TEST_CASE("Event invocations are queued: invoke_event answers before the function runs") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("gw-event-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path go = dir / "go";
    const fs::path done = dir / "done";
    auto api = handlers_api();
    auto fn = python_fn("waiter", "handlers.wait_for_file", 10);
    FunctionManager m;
    nlohmann::json event{{"go", go.string()}, {"done", done.string()}};
    auto out =
        m.invoke_event(Invocation{api.get(), &fn, event.dump(), std::chrono::seconds(29), "", ""});
    REQUIRE(out);
    CHECK(out->payload.empty());
    CHECK(out->request_id.size() == 36);
    // A synchronous call would have returned only after the handler gave up waiting for `go`.
    CHECK_FALSE(fs::exists(done));
    std::ofstream(go) << "go";
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!fs::exists(done) && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::ifstream in(done);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "ok");
    fs::remove_all(dir);
  }
  TEST_CASE("a failed Event invocation is retried twice with the same request id (Lambda)") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("gw-retry-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto api = handlers_api();
    auto fn = python_fn("flaky", "handlers.flaky");
    lambda::FunctionManagerOptions options;
    options.event_retry_delays = {std::chrono::milliseconds(10), std::chrono::milliseconds(20)};
    FunctionManager m(options);
    nlohmann::json event{{"counter", (dir / "calls").string()}, {"done", (dir / "done").string()}};
    auto out =
        m.invoke_event(Invocation{api.get(), &fn, event.dump(), std::chrono::seconds(29), "", ""});
    REQUIRE(out);
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::exists(dir / "done") && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::ifstream in(dir / "done");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "ok 3 " + out->request_id);  // the first call and two retries
    fs::remove_all(dir);
  }
  TEST_CASE("configuration gw cannot run") {
    auto api = handlers_api();
    FunctionManager m;
    auto fn = python_fn("x", "handlers.pid");
    fn.runtime = "java21";
    auto unknown = call(m, *api, fn);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::BadInput);
    api->gw.runtimes["python3.12"] = "/nonexistent/python";
    auto missing = call(m, *api, python_fn("y", "handlers.pid"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::Environment);
  }
}
