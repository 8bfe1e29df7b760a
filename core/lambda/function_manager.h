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
/// Reads: x-gw.functions (runtime, handler, codeUri, timeout, memorySize, environment,
/// reservedConcurrency, provisionedConcurrency, maximumRetryAttempts, maximumEventAgeInSeconds,
/// destinations), x-gw.runtimes.
/// A change to the handler's file (mtime) retires the function's workers. Functions with `url:`
/// go to that Invoke API endpoint instead (remote.h).
/// Idle workers are stopped after `idle_timeout`, except the function's provisionedConcurrency,
/// which the reaper keeps warm: a provisioned worker that dies while idle or is retired by a
/// code change is started again (pool.h; backing off while replacements keep dying).
///
/// Asynchronous (Event) invocations follow Lambda's queue
/// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html and
/// .../invocation-async-configuring.html): a function error is retried up to the function's
/// maximumRetryAttempts (0..2) after options.event_retry_delays (1 then 2 minutes) with the
/// same request id; an event that cannot run (the function at its concurrency limit: throttled,
/// or its worker cannot start: a system error) goes back to the queue with an exponential
/// backoff (options.event_backoff_*: 1 s doubling to 5 min) and is discarded, with a log line,
/// once older than maximumEventAgeInSeconds (default 6 h; measured on options.clock). The final
/// outcome sends Lambda's invocation record
/// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html) to the
/// destinations.onSuccess / onFailure function as an Event of its own (event_queue.h).
/// Differences: only the handler's own file is watched for changes; SQS/SNS/EventBridge/S3
/// destinations are accepted and logged as not emulated; a destination's own destinations are
/// not followed (no chains, so no loops); Lambda's "approximate" counts are exact here.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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
  /// An Event that cannot run yet (throttled, or its worker cannot start) goes back to the
  /// queue for this long, doubled each time up to event_backoff_max (Lambda: 1 s to 5 min).
  std::chrono::milliseconds event_backoff_initial = std::chrono::seconds(1);
  std::chrono::milliseconds event_backoff_max = std::chrono::minutes(5);
  /// A provisioned worker that died is restarted at once, then after this delay, doubled while
  /// the replacements keep dying, up to provision_backoff_max.
  std::chrono::milliseconds provision_backoff_initial = std::chrono::seconds(1);
  std::chrono::milliseconds provision_backoff_max = std::chrono::minutes(1);
  /// Events' ages and invocation records' timestamps (null: the system clock).
  const Clock* clock = nullptr;
};

class FunctionManager final : public LambdaInvoker {
 public:
  explicit FunctionManager(FunctionManagerOptions options = {});
  ~FunctionManager() override;
  FunctionManager(const FunctionManager&) = delete;
  FunctionManager& operator=(const FunctionManager&) = delete;

  Result<InvokeOutput> invoke(const Invocation& invocation) override;
  /// Queues the event and returns its request id at once; up to max_concurrency queued events
  /// run at a time. The outcome is logged; retries, backoff, the maximum event age and
  /// destinations as described above. At destruction the running events finish and the queued
  /// ones (retries included) are dropped, with a note.
  Result<InvokeOutput> invoke_event(const Invocation& invocation) override;

  /// Provisioned concurrency: starts the workers each local function of api asks for with
  /// `provisionedConcurrency` (up to its concurrency limit), so that its first invocations are
  /// not cold starts; the reaper keeps that many alive. Replaces the previous provisioning
  /// (functions no longer provisioned, or whose configuration changed, are reaped as usual).
  /// A function gw cannot run is logged.
  void provision(const model::Api& api);

  /// Workers alive (idle or busy) for the function, for tests.
  int workers_for_test(const std::string& function_name);
  /// Event attempts that could not run (throttled, or no worker could start), for tests.
  int unrunnable_events_for_test() const { return unrunnable_events_.load(); }

 private:
  class Pool;
  struct EventTarget;
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
  void retry_unrunnable(std::unique_ptr<EventJob> job, const Error& error);
  enum class Condition { Success, RetriesExhausted, EventAgeExceeded };
  void finish_event(std::unique_ptr<EventJob> job, Condition condition);
  /// Queues a job (due at job->not_before), starting a runner when none is idle; false when
  /// the manager is stopping.
  bool enqueue(std::unique_ptr<EventJob> job);
  Result<EventTarget> event_target(const model::Api& api, const model::FunctionConfig& fn);
  std::shared_ptr<const EventTarget> destination(const model::Api& api, const std::string& name);
  std::chrono::system_clock::time_point wall_now() const;

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
  std::atomic<int> unrunnable_events_{0};
  std::set<std::string> noted_destinations_;  ///< destinations already logged as not emulated
  std::thread reaper_;                        ///< last: started once everything else exists
};

}  // namespace gw::lambda
