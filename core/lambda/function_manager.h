#pragma once

/// Local Lambda functions: a pool of warm workers per function, started lazily on the first
/// invocation and reused.
///
/// Emulates: warm reuse; cold starts (logged once per new worker); bounded concurrency per
/// function (x-gw.functions.X.reservedConcurrency, else the manager's limit: an invocation
/// beyond it waits for a free worker until the caller's timeout, then fails as throttled); the
/// function `timeout` → the error document
/// `{"errorMessage":"<time> <id> Task timed out after N.00 seconds"}` and the worker killed
/// and replaced; a worker that exits mid-invocation → `Runtime.ExitError` and replaced; init
/// errors reported by the bootstrap → the function error it posted.
/// Reads: x-gw.functions (runtime, handler, codeUri, timeout, memorySize, environment),
/// x-gw.runtimes.
/// A change to the handler's file (mtime) retires the function's workers. Functions with `url:`
/// go to that Invoke API endpoint instead (remote.h).
/// Idle workers are stopped after `idle_timeout`, except the function's provisionedConcurrency.
/// Differences: only the handler's own file is watched for changes.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/lambda/invoker.h"

namespace gw::lambda {

struct FunctionManagerOptions {
  int max_concurrency = 10;  ///< workers per function
  bool log_cold_starts = true;
  /// Idle workers older than this are stopped (Lambda reclaims idle execution environments).
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(10);
  /// An Event invocation that ends in a function error runs again after each of these delays
  /// (Lambda: twice more, one minute then two minutes later, with the same request id).
  std::vector<std::chrono::milliseconds> event_retry_delays{std::chrono::minutes(1),
                                                            std::chrono::minutes(2)};
};

class FunctionManager final : public LambdaInvoker {
 public:
  explicit FunctionManager(FunctionManagerOptions options = {});
  ~FunctionManager() override;
  FunctionManager(const FunctionManager&) = delete;
  FunctionManager& operator=(const FunctionManager&) = delete;

  Result<InvokeOutput> invoke(const Invocation& invocation) override;
  /// Queues the event and returns its request id at once; up to max_concurrency queued events
  /// run at a time, each waiting for a worker like any invocation. The outcome is logged; a
  /// function error is retried after options.event_retry_delays. At destruction the running
  /// events finish and the queued ones (retries included) are dropped, with a note.
  Result<InvokeOutput> invoke_event(const Invocation& invocation) override;

  /// Provisioned concurrency: starts the workers each local function of api asks for with
  /// `provisionedConcurrency` (up to its concurrency limit), so that its first invocations are
  /// not cold starts; the reaper keeps that many. A function gw cannot run is logged.
  void provision(const model::Api& api);

  /// Workers alive (idle or busy) for the function, for tests.
  int workers_for_test(const std::string& function_name);

 private:
  class Pool;
  struct EventJob;
  /// The launch spec costs path and environment work (~7% of a warm invocation), so the pool of
  /// a function configuration is remembered by its address and reused while everything the
  /// spec is made of still compares equal (a reloaded API may reuse the address).
  struct PoolCacheEntry {
    model::FunctionConfig function;
    std::string spec_path;
    std::map<std::string, std::string> runtimes;
    Pool* pool = nullptr;
  };
  Pool* pool_for(const Invocation& invocation, Result<void>& error);
  void reap_loop();
  void event_loop();
  void run_event(std::unique_ptr<EventJob> job);

  FunctionManagerOptions options_;
  SeededRandom random_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Pool>> pools_;  ///< by launch-spec fingerprint
  std::map<const model::FunctionConfig*, PoolCacheEntry> pool_cache_;
  std::condition_variable reaper_cv_;
  bool stopping_ = false;
  std::deque<std::unique_ptr<EventJob>> events_;  ///< queued Event invocations (under mu_)
  std::condition_variable events_cv_;
  std::vector<std::thread> event_runners_;  ///< started as events arrive, up to max_concurrency
  int idle_runners_ = 0;
  std::thread reaper_;  ///< last: started once everything else exists
};

}  // namespace gw::lambda
