#include "core/replay/replayer.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "core/base/clock.h"
#include "core/integrations/aws_sink.h"
#include "core/limits/state_store.h"
#include "core/pipeline/gateway.h"
#include "core/replay/recorded_backends.h"

namespace gw::replay {

namespace {

/// A random source reseeded per exchange (one per replay thread, so no lock).
class ExchangeRandom final : public Random {
 public:
  uint64_t next() override { return engine_(); }
  void seed(uint64_t s) { engine_.seed(s); }

 private:
  std::mt19937_64 engine_;
};

bool glob(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

struct Worker {
  Worker(std::shared_ptr<const model::Api> api, const ReplayOptions& o)
      : options(o),
        live_aws("", clock, random),
        split(pipeline::CanarySplit::build(std::move(api), o.canaries, deps(o),
                                           GatewayOptions{o.stage, ""})) {}

  // Hermetic: the store is this worker's, in memory; offline every backend answers from the
  // recording, live the AWS sink keeps its state in memory.
  GatewayDeps deps(const ReplayOptions& o) {
    GatewayDeps d{&clock, &random, &backends, &backends, &backends, &store};
    if (live()) {
      d.http = o.live_http != nullptr ? o.live_http : &backends;
      d.lambda = o.live_lambda != nullptr ? o.live_lambda : &backends;
      d.aws = &live_aws;
    }
    return d;
  }

  bool live() const { return options.live_http != nullptr || options.live_lambda != nullptr; }

  ExchangeResult run(const Entry& entry) {
    const Recorded& rec = entry.exchange;
    ExchangeResult out;
    out.entry = &entry;
    const auto t0 = std::chrono::steady_clock::now();
    // Move both clocks forward to the recorded time (token buckets and TTLs read the
    // monotonic one); an earlier time only sets the wall clock back.
    if (rec.time > clock.now()) {
      clock.advance(rec.time - clock.now());
    } else {
      clock.set(rec.time);
    }
    random.seed(seed_for(rec.id));
    backends.reset(&rec.integrations);
    RequestLog log;
    // The pick was made when recording: a canary's exchange goes to the canary again.
    const Gateway* gateway = rec.canary ? split->canary(rec.stage) : &split->primary();
    if (gateway == nullptr) {
      out.problems.push_back("recorded on the canary of stage '" + rec.stage + "' (deployment " +
                             rec.canary_deployment_id + "), which has no canary now\n");
      gateway = &split->primary();
    }
    out.actual = gateway->handle(rec.request, &log);
    out.route = log.resource_path;
    out.calls = std::move(log.calls);
    if (!live()) {
      for (std::string& p : backends.finish()) {
        out.problems.push_back(std::move(p));
      }
    }
    CompareOptions compare = options.compare;
    compare.only_actual_headers = compare.only_actual_headers || rec.from_har;
    for (std::string& p : compare_responses(rec.response, out.actual, compare)) {
      out.problems.push_back(std::move(p));
    }
    out.outcome = out.problems.empty() ? Outcome::Passed : Outcome::Failed;
    out.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                 .count();
    return out;
  }

  const ReplayOptions& options;
  FakeClock clock;
  ExchangeRandom random;
  RecordedBackends backends;
  limits::MemoryStateStore store;
  integrations::AwsSink live_aws;
  std::shared_ptr<const pipeline::CanarySplit> split;
};

}  // namespace

bool matches_filter(const Entry& entry, const std::vector<std::string>& filters) {
  if (filters.empty()) {
    return true;
  }
  const Request& r = entry.exchange.request;
  const std::string method_path = r.method + " " + r.path;
  return std::any_of(filters.begin(), filters.end(), [&](const std::string& f) {
    const std::string& route = entry.exchange.route;
    const size_t space = route.find(' ');
    const std::string resource = space == std::string::npos ? route : route.substr(space + 1);
    return glob(f, route) || glob(f, resource) || glob(f, method_path) || glob(f, r.path);
  });
}

std::vector<const Entry*> shard_of(const std::vector<const Entry*>& all, int index, int count) {
  std::vector<const Entry*> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (count <= 1 || static_cast<int>(i % static_cast<size_t>(count)) == index - 1) {
      out.push_back(all[i]);
    }
  }
  return out;
}

std::vector<ExchangeResult> run_replay(std::shared_ptr<const model::Api> api,
                                       const std::vector<const Entry*>& entries,
                                       const ReplayOptions& options) {
  std::vector<ExchangeResult> results(entries.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (matches_filter(*entries[i], options.filters)) {
      todo.push_back(i);
    } else {
      results[i].entry = entries[i];
      results[i].outcome = Outcome::Skipped;
    }
  }
  const size_t jobs = std::clamp<size_t>(static_cast<size_t>(std::max(options.jobs, 1)), 1,
                                         std::max<size_t>(todo.size(), 1));
  std::atomic<size_t> next{0};
  auto work = [&] {
    Worker worker(api, options);
    for (size_t k = next.fetch_add(1); k < todo.size(); k = next.fetch_add(1)) {
      results[todo[k]] = worker.run(*entries[todo[k]]);
    }
  };
  if (jobs == 1) {
    work();
    return results;
  }
  std::vector<std::thread> threads;
  for (size_t t = 0; t < jobs; ++t) {
    threads.emplace_back(work);
  }
  for (auto& t : threads) {
    t.join();
  }
  return results;
}

}  // namespace gw::replay
