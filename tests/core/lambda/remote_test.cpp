#include <doctest/doctest.h>
#include <httplib.h>

#include <thread>

#include "core/lambda/function_manager.h"

using namespace gw;

namespace {

// A fake Lambda Invoke API endpoint (as the Runtime Interface Emulator offers) on port 0.
struct FakeInvokeApi {
  FakeInvokeApi() {
    server.Post(R"(/2015-03-31/functions/([^/]+)/invocations)", [this](const httplib::Request& req,
                                                                       httplib::Response& res) {
      const std::string name = req.matches[1];
      last_body = req.body;
      if (name == "bad") {
        res.set_header("X-Amz-Function-Error", "Unhandled");
        res.set_content(R"({"errorMessage":"nope"})", "application/json");
        return;
      }
      res.set_content(R"({"statusCode":200,"body":")" + name + R"("})", "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) {
      std::this_thread::yield();
    }
  }
  ~FakeInvokeApi() {
    server.stop();
    thread.join();
  }
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::string last_body;
};

model::FunctionConfig remote_fn(std::string name, std::string url) {
  model::FunctionConfig f;
  f.name = std::move(name);
  f.url = std::move(url);
  return f;
}

}  // namespace

TEST_SUITE("gw::lambda::invoke_remote") {
  TEST_CASE("url: functions go to the Invoke API endpoint") {
    FakeInvokeApi api_server;
    model::Api api;
    lambda::FunctionManager m;
    const std::string url = "http://127.0.0.1:" + std::to_string(api_server.port);
    auto fn = remote_fn("Hello", url);
    auto out = m.invoke(lambda::Invocation{&api, &fn, R"({"e":1})", std::chrono::seconds(5), "", ""});
    REQUIRE(out);
    CHECK(out->payload == R"({"statusCode":200,"body":"Hello"})");
    CHECK_FALSE(out->function_error);
    CHECK(api_server.last_body == R"({"e":1})");
    auto bad = remote_fn("bad", url + "/");
    auto err = m.invoke(lambda::Invocation{&api, &bad, "{}", std::chrono::seconds(5), "", ""});
    REQUIRE(err);
    CHECK(err->function_error);
    CHECK(m.workers_for_test("Hello") == 0);  // nothing ran locally
  }
  TEST_CASE("an unreachable endpoint is a Failure") {
    int port = 0;
    {
      FakeInvokeApi closed;
      port = closed.port;
    }
    model::Api api;
    lambda::FunctionManager m;
    auto fn = remote_fn("Hello", "http://127.0.0.1:" + std::to_string(port));
    auto out = m.invoke(lambda::Invocation{&api, &fn, "{}", std::chrono::seconds(2), "", ""});
    REQUIRE_FALSE(out);
    CHECK(out.error().kind == ErrorKind::Failure);
  }
}
