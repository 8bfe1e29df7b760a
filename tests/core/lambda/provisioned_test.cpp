// provisionedConcurrency kept warm without a reload: provisioned workers that die while idle,
// or that a handler change retires, are started again by the reaper, with a backoff when the
// replacements keep dying.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/lambda/function_manager.h"
#include "tests/support/eventually.h"

using namespace gw;
using gw::lambda::FunctionManager;
using gw::testing::eventually;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// A temporary code directory; each worker of `pids.py` appends its pid to pids.txt at start.
struct CodeDir {
  CodeDir() : path(fs::temp_directory_path() / ("gw-prov-" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
    write_handler();
    api = std::make_shared<model::Api>();
    api->spec_path = std::make_shared<const std::string>((path / "api.yaml").string());
  }
  ~CodeDir() { fs::remove_all(path); }
  void write_handler() {
    std::ofstream(path / "pids.py") << "import os\nwith open(os.environ['PIDS'], 'a') as f:\n"
                                       "    f.write('%d\\n' % os.getpid())\n\n"
                                       "def handler(event, context):\n    return os.getpid()\n";
  }
  model::FunctionConfig& fn(int provisioned) {
    model::FunctionConfig& f = api->gw.functions["warm"];
    f.name = "warm";
    f.runtime = "python3.12";
    f.handler = "pids.handler";
    f.code_uri = ".";
    f.provisioned_concurrency = provisioned;
    f.environment["PIDS"] = (path / "pids.txt").string();
    return f;
  }
  std::vector<pid_t> pids() const {
    std::ifstream in(path / "pids.txt");
    std::vector<pid_t> out;
    for (long p = 0; in >> p;) {
      out.push_back(static_cast<pid_t>(p));
    }
    return out;
  }
  fs::path path;
  std::shared_ptr<model::Api> api;
};

lambda::FunctionManagerOptions reaper_every_25ms() {
  lambda::FunctionManagerOptions o;
  o.idle_timeout = 50ms;  // the reaper runs every 25 ms
  o.provision_backoff_initial = 10ms;
  o.provision_backoff_max = 100ms;
  o.log_cold_starts = false;
  return o;
}

}  // namespace

TEST_SUITE("gw::lambda::FunctionManager provisioned") {
  TEST_CASE("a provisioned worker killed while idle is started again") {
    CodeDir d;
    d.fn(2);
    FunctionManager m(reaper_every_25ms());
    m.provision(*d.api);
    REQUIRE(eventually([&] { return d.pids().size() == 2; }));
    const pid_t victim = d.pids().front();
    REQUIRE(kill(victim, SIGKILL) == 0);
    REQUIRE(eventually([&] { return d.pids().size() == 3; }));
    CHECK(m.workers_for_test("warm") == 2);
    // The replacement serves warm: no cold start.
    auto out = m.invoke(
        lambda::Invocation{d.api.get(), &d.api->gw.functions.at("warm"), "{}", 29s, "", ""});
    REQUIRE(out);
    CHECK_FALSE(out->cold_start);
    CHECK(out->payload != std::to_string(victim));
  }

  TEST_CASE("a handler change retires the provisioned workers and new ones start unasked") {
    CodeDir d;
    d.fn(1);
    FunctionManager m(reaper_every_25ms());
    m.provision(*d.api);
    REQUIRE(eventually([&] { return d.pids().size() == 1; }));
    d.write_handler();
    fs::last_write_time(d.path / "pids.py", fs::last_write_time(d.path / "pids.py") + 2s);
    REQUIRE(eventually([&] { return d.pids().size() == 2; }));  // no invocation needed
    CHECK(m.workers_for_test("warm") == 1);
  }

  TEST_CASE("a bootstrap that crashes at once is restarted with a backoff, not in a loop") {
    CodeDir d;
    std::ofstream(d.path / "bootstrap") << "#!/bin/sh\necho $$ >> \"$PIDS\"\nexit 1\n";
    fs::permissions(d.path / "bootstrap", fs::perms::owner_all);
    model::FunctionConfig& f = d.fn(1);
    f.runtime = "provided.al2023";
    auto options = reaper_every_25ms();
    options.provision_backoff_initial = 100ms;
    options.provision_backoff_max = 400ms;
    FunctionManager m(options);
    m.provision(*d.api);
    REQUIRE(eventually([&] { return d.pids().size() >= 3; }));  // it is restarted...
    // ...but at 100, 200, 400, 400 ms intervals: in 1.2 s a restart loop at the reaper's pace
    // (every 25 ms) would start ~50.
    const size_t before = d.pids().size();
    std::this_thread::sleep_for(1200ms);
    CHECK(d.pids().size() - before <= 8);
  }
}
