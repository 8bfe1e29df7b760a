#pragma once

/// The workers of one function configuration (FunctionManager's Pool): warm reuse (most recently
/// used first), bounded concurrency with FIFO waiters, workers retired when the handler's file
/// changes, idle workers reaped, and provisionedConcurrency kept warm: a provisioned worker that
/// dies while idle, or is retired by a code change, is started again by the reaper
/// (replenish()), with an exponential backoff while replacements keep dying so a bootstrap that
/// crashes at once cannot cause a restart storm.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/lambda/function_manager.h"
#include "core/lambda/launch.h"
#include "core/lambda/worker.h"

namespace gw::lambda {

using SteadyTime = std::chrono::steady_clock::time_point;

/// One line to gw's log (stderr), flushed.
void note(const std::string& line);

/// Whether an invocation failed because the function was at its concurrency limit.
bool is_throttle(const Error& error);

class FunctionManager::Pool {
 public:
  Pool(LaunchSpec spec, const FunctionManagerOptions& options)
      : spec_(std::move(spec)), options_(options) {}

  /// reservedConcurrency when the function sets it, else the manager's limit.
  int max_concurrency() const {
    return spec_.max_concurrency > 0 ? spec_.max_concurrency : options_.max_concurrency;
  }
  /// Runs one invocation on a warm worker or a new one. A caller at the concurrency limit waits
  /// for a worker until its caller_timeout; with wait_for_worker false (Event invocations,
  /// which Lambda throttles back into its queue) it fails at once (is_throttle()).
  Result<InvokeOutput> invoke(const std::string& request_id, const Invocation& inv,
                              bool wait_for_worker = true);
  /// Starts workers until min(n, the concurrency limit) are alive; reap() keeps that many and
  /// replenish() replaces them.
  void provision(int n);
  /// Stops the workers idle since before cutoff, keeping the provisioned ones.
  void reap(SteadyTime cutoff);
  /// Retires workers of a changed handler, drops idle workers that died, and starts new ones
  /// until provisionedConcurrency are alive again (no sooner than the backoff allows).
  void replenish(SteadyTime now);
  /// Workers alive (idle or busy).
  int count();

 private:
  // One invocation waiting for a worker: served in arrival order (FIFO), so no caller starves
  // while others keep getting the warm workers.
  struct Waiter {
    std::condition_variable cv;
    std::unique_ptr<Worker> worker;  ///< a warm worker handed over, or null: start one
    bool served = false;
  };

  void check_code();
  Result<std::unique_ptr<Worker>> acquire(SteadyTime deadline, bool wait, bool& cold);
  void start_slots(int n, int generation, const char* why);
  void pass_slot_locked(std::unique_ptr<Worker> worker);
  void release(std::unique_ptr<Worker> worker, bool keep);
  Result<InvokeOutput> to_output(const std::string& id, WorkerOutcome o, bool cold);

  LaunchSpec spec_;
  const FunctionManagerOptions& options_;
  std::mutex mu_;
  std::deque<Waiter*> waiters_;
  std::vector<std::unique_ptr<Worker>> idle_;  ///< most recently used last
  int busy_ = 0;
  int provisioned_ = 0;  ///< provisionedConcurrency: workers reap() keeps
  int generation_ = 0;   ///< bumped when the handler's file changes
  bool stamped_ = false;
  std::filesystem::file_time_type stamp_{};
  int replace_streak_ = 0;  ///< consecutive replenish() passes that had to start workers
  SteadyTime next_replace_{};
  std::chrono::milliseconds last_delay_{0};
};

}  // namespace gw::lambda
