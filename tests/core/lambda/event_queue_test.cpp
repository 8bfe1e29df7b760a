// Lambda's asynchronous invocation (maximumRetryAttempts, maximumEventAgeInSeconds, throttles
// and system errors retried with backoff, destinations with Lambda's invocation record) and
// provisioned workers kept warm, on real Python / `provided` workers.
#include "core/lambda/event_queue.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/eventually.h"

using namespace gw;
using gw::lambda::FunctionManager;
using gw::lambda::Invocation;
using gw::testing::eventually;
namespace fs = std::filesystem;

namespace {

using namespace std::chrono_literals;

constexpr const char* kHandlers = R"py(import json, os, time

if os.environ.get("PIDS"):
    with open(os.environ["PIDS"], "a") as f:
        f.write("%d\n" % os.getpid())


def fail(event, context):
    raise RuntimeError("nope %s" % event.get("n"))


def ok(event, context):
    return {"got": event}


def sink(event, context):
    """A destination: appends the invocation record it receives to $OUT."""
    with open(os.environ["OUT"], "a") as f:
        f.write(json.dumps(event) + "\n")
    return "stored"


def hold(event, context):
    """Touches event["started"], waits (at most 20 s) for event["go"], then answers."""
    open(event["started"], "w").close()
    deadline = time.time() + 20
    while not os.path.exists(event["go"]) and time.time() < deadline:
        time.sleep(0.01)
    return "released"


def hold_fail(event, context):
    hold(event, context)
    raise RuntimeError("failed after the wait")


def pid(event, context):
    return os.getpid()
)py";

/// A thread-safe clock the test moves (events read it from runner threads).
class TestClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_.load()));
  }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms_.load()));
  }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_{1764105023123};  // 2025-11-25T21:10:23.123Z
};

/// A temporary directory holding the handlers, an api.yaml path and the sink's output file.
struct Dir {
  Dir()
      : path(fs::temp_directory_path() /
             ("gw-events-" + std::to_string(getpid()) + "-" + std::to_string(counter()++))) {
    fs::remove_all(path);
    fs::create_directories(path);
    std::ofstream(path / "events.py") << kHandlers;
    api = std::make_shared<model::Api>();
    api->spec_path = std::make_shared<const std::string>((path / "api.yaml").string());
  }
  ~Dir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  model::FunctionConfig& fn(const std::string& name, const std::string& handler) {
    model::FunctionConfig& f = api->gw.functions[name];
    f.name = name;
    f.runtime = "python3.12";
    f.handler = "events." + handler;
    f.code_uri = ".";
    f.timeout_seconds = 25;
    return f;
  }
  /// A "sink" function writing the records it receives to out.jsonl.
  void add_sink() { fn("sink", "sink").environment["OUT"] = (path / "out.jsonl").string(); }
  std::string p(const char* name) const { return (path / name).string(); }
  Result<lambda::InvokeOutput> event(FunctionManager& m, const std::string& name,
                                     const nlohmann::json& payload) {
    return m.invoke_event(
        Invocation{api.get(), &api->gw.functions.at(name), payload.dump(), 29s, "", ""});
  }
  fs::path path;
  std::shared_ptr<model::Api> api;
};

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// The first record the sink received.
nlohmann::json first_record(const Dir& d) {
  REQUIRE(eventually([&] { return !lines_of(d.path / "out.jsonl").empty(); }));
  return nlohmann::json::parse(lines_of(d.path / "out.jsonl").front());
}

lambda::FunctionManagerOptions fast_options(const Clock* clock) {
  lambda::FunctionManagerOptions o;
  o.event_retry_delays = {5ms, 10ms};
  o.event_backoff_initial = 5ms;
  o.event_backoff_max = 40ms;
  o.clock = clock;
  return o;
}

}  // namespace

TEST_SUITE("gw::lambda::EventQueue") {
  TEST_CASE("the invocation record has Lambda's shape and key order (retain-records page)") {
    lambda::InvocationRecord r;
    r.timestamp = std::chrono::system_clock::time_point(1764105023651ms);
    r.request_id = "c2a6f2ae-7dbb-4d22-8782-d0485c9877e2";
    r.function_name = "event-destinations";
    r.condition = "RetriesExhausted";
    r.approximate_invoke_count = 3;
    r.request_payload = R"({"Success": false})";
    r.function_error = true;
    r.response_payload = R"({"errorMessage":"boom","errorType":"ValueError"})";
    CHECK(lambda::invocation_record_json(r) ==
          R"({"version":"1.0","timestamp":"2025-11-25T21:10:23.651Z","requestContext":{)"
          R"("requestId":"c2a6f2ae-7dbb-4d22-8782-d0485c9877e2","functionArn":)"
          R"("arn:aws:lambda:us-east-1:123456789012:function:event-destinations:$LATEST",)"
          R"("condition":"RetriesExhausted","approximateInvokeCount":3},)"
          R"("requestPayload":{"Success":false},"responseContext":{"statusCode":200,)"
          R"("executedVersion":"$LATEST","functionError":"Unhandled"},)"
          R"("responsePayload":{"errorMessage":"boom","errorType":"ValueError"}})");
    r.function_error = false;
    r.response_payload = "not json";
    auto doc = nlohmann::json::parse(lambda::invocation_record_json(r));
    CHECK_FALSE(doc["responseContext"].contains("functionError"));  // only on a function error
    CHECK(doc["responsePayload"] == "not json");
  }

  TEST_CASE("maximumRetryAttempts 1: two runs, then a RetriesExhausted record to onFailure") {
    Dir d;
    TestClock clock;
    d.add_sink();
    model::FunctionConfig& f = d.fn("failing", "fail");
    f.maximum_retry_attempts = 1;
    f.on_failure = "sink";
    FunctionManager m(fast_options(&clock));
    auto out = d.event(m, "failing", {{"n", 7}});
    REQUIRE(out);
    nlohmann::json r = first_record(d);
    CHECK(r["version"] == "1.0");
    CHECK(r["timestamp"] == format_iso8601(clock.now()));
    CHECK(r["requestContext"]["requestId"] == out->request_id);
    CHECK(r["requestContext"]["functionArn"] ==
          "arn:aws:lambda:us-east-1:123456789012:function:failing:$LATEST");
    CHECK(r["requestContext"]["condition"] == "RetriesExhausted");
    CHECK(r["requestContext"]["approximateInvokeCount"] == 2);  // the first run and one retry
    CHECK(r["requestPayload"] == nlohmann::json{{"n", 7}});
    CHECK(r["responseContext"] == nlohmann::json{{"statusCode", 200},
                                                 {"executedVersion", "$LATEST"},
                                                 {"functionError", "Unhandled"}});
    CHECK(r["responsePayload"]["errorMessage"] == "nope 7");
    CHECK(r["responsePayload"]["errorType"] == "RuntimeError");
  }

  TEST_CASE("maximumRetryAttempts 0: one run only") {
    Dir d;
    d.add_sink();
    model::FunctionConfig& f = d.fn("failing", "fail");
    f.maximum_retry_attempts = 0;
    f.on_failure = "sink";
    FunctionManager m(fast_options(nullptr));
    REQUIRE(d.event(m, "failing", {{"n", 1}}));
    CHECK(first_record(d)["requestContext"]["approximateInvokeCount"] == 1);
  }

  TEST_CASE("a success sends a Success record (no functionError) to onSuccess") {
    Dir d;
    d.add_sink();
    model::FunctionConfig& f = d.fn("fine", "ok");
    f.on_success = "sink";
    f.on_failure = "arn:aws:sqs:us-east-1:123456789012:dlq";  // accepted, not emulated
    FunctionManager m(fast_options(nullptr));
    auto out = d.event(m, "fine", {{"a", 1}});
    REQUIRE(out);
    nlohmann::json r = first_record(d);
    CHECK(r["requestContext"]["condition"] == "Success");
    CHECK(r["requestContext"]["approximateInvokeCount"] == 1);
    CHECK(r["requestContext"]["requestId"] == out->request_id);
    CHECK(r["responseContext"] ==
          nlohmann::json{{"statusCode", 200}, {"executedVersion", "$LATEST"}});
    CHECK(r["responsePayload"] == nlohmann::json{{"got", {{"a", 1}}}});
  }

  TEST_CASE("a throttled Event goes back to the queue and runs once a worker is free") {
    Dir d;
    d.add_sink();
    model::FunctionConfig& f = d.fn("busy", "hold");
    f.reserved_concurrency = 1;
    f.on_success = "sink";
    FunctionManager m(fast_options(nullptr));
    const nlohmann::json held{{"started", d.p("sync-started")}, {"go", d.p("go")}};
    auto sync = std::async(std::launch::async, [&] {
      return m.invoke(
          Invocation{d.api.get(), &d.api->gw.functions.at("busy"), held.dump(), 29s, "", ""});
    });
    REQUIRE(eventually([&] { return fs::exists(d.p("sync-started")); }));
    auto out = d.event(m, "busy", {{"started", d.p("event-started")}, {"go", d.p("go")}});
    REQUIRE(out);
    REQUIRE(eventually([&] { return m.unrunnable_events_for_test() >= 2; }));  // backoff
    CHECK_FALSE(fs::exists(d.p("event-started")));  // the one worker is still busy
    std::ofstream(d.p("go")) << "go";
    REQUIRE(sync.get());
    nlohmann::json r = first_record(d);
    CHECK(r["requestContext"]["condition"] == "Success");
    CHECK(r["requestContext"]["requestId"] == out->request_id);
    CHECK(r["requestContext"]["approximateInvokeCount"] == 1);  // throttles are not runs
    CHECK(r["responsePayload"] == "released");
  }

  TEST_CASE("throttled past maximumEventAgeInSeconds: discarded, EventAgeExceeded record") {
    Dir d;
    TestClock clock;
    d.add_sink();
    model::FunctionConfig& f = d.fn("busy", "hold");
    f.reserved_concurrency = 1;
    f.maximum_event_age_seconds = 60;
    f.on_failure = "sink";
    FunctionManager m(fast_options(&clock));
    const nlohmann::json held{{"started", d.p("sync-started")}, {"go", d.p("go")}};
    auto sync = std::async(std::launch::async, [&] {
      return m.invoke(
          Invocation{d.api.get(), &d.api->gw.functions.at("busy"), held.dump(), 29s, "", ""});
    });
    REQUIRE(eventually([&] { return fs::exists(d.p("sync-started")); }));
    const nlohmann::json event{{"started", d.p("event-started")}, {"go", d.p("go")}};
    auto out = d.event(m, "busy", event);
    REQUIRE(out);
    REQUIRE(eventually([&] { return m.unrunnable_events_for_test() >= 1; }));
    clock.advance(61s);
    nlohmann::json r = first_record(d);
    CHECK(r["requestContext"]["condition"] == "EventAgeExceeded");
    CHECK(r["requestContext"]["requestId"] == out->request_id);
    CHECK(r["requestContext"]["approximateInvokeCount"] == 0);
    CHECK(r["requestPayload"] == event);
    CHECK(r["responseContext"]["statusCode"] == 429);
    CHECK(r["responsePayload"]["errorType"] == "TooManyRequestsException");
    CHECK_FALSE(fs::exists(d.p("event-started")));  // it never ran
    std::ofstream(d.p("go")) << "go";
    REQUIRE(sync.get());
  }

  TEST_CASE("a worker that cannot start is a system error: retried until the event is too old") {
    Dir d;
    TestClock clock;
    d.add_sink();
    model::FunctionConfig& f = d.fn("nobin", "x");
    f.runtime = "provided.al2023";  // codeUri has no bootstrap: the process cannot start
    f.maximum_event_age_seconds = 60;
    f.on_failure = "sink";
    FunctionManager m(fast_options(&clock));
    auto out = d.event(m, "nobin", {{"k", 1}});
    REQUIRE(out);
    REQUIRE(eventually([&] { return m.unrunnable_events_for_test() >= 3; }));  // kept retrying
    CHECK(lines_of(d.path / "out.jsonl").empty());
    clock.advance(61s);
    nlohmann::json r = first_record(d);
    CHECK(r["requestContext"]["condition"] == "EventAgeExceeded");
    CHECK(r["responseContext"]["statusCode"] == 500);
    CHECK(r["responsePayload"]["errorType"] == "ServiceException");
  }

  TEST_CASE("a function error whose retry comes after maximumEventAgeInSeconds is discarded") {
    Dir d;
    TestClock clock;
    d.add_sink();
    model::FunctionConfig& f = d.fn("slowfail", "hold_fail");
    f.maximum_event_age_seconds = 60;
    f.on_failure = "sink";
    FunctionManager m(fast_options(&clock));
    auto out = d.event(m, "slowfail", {{"started", d.p("started")}, {"go", d.p("go")}});
    REQUIRE(out);
    REQUIRE(eventually([&] { return fs::exists(d.p("started")); }));
    clock.advance(61s);  // while the first run is in progress
    std::ofstream(d.p("go")) << "go";
    nlohmann::json r = first_record(d);
    CHECK(r["requestContext"]["condition"] == "EventAgeExceeded");
    CHECK(r["requestContext"]["approximateInvokeCount"] == 1);  // the retry never ran
    CHECK(r["responseContext"]["statusCode"] == 200);
    CHECK(r["responseContext"]["functionError"] == "Unhandled");
    CHECK(r["responsePayload"]["errorMessage"] == "failed after the wait");
  }
}
