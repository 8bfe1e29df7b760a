#include "core/lambda/function_manager.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <random>
#include <vector>

#include "core/lambda/launch.h"
#include "core/lambda/remote.h"
#include "core/lambda/worker.h"

namespace gw::lambda {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

std::string fingerprint(const LaunchSpec& spec) {
  std::string key = spec.function_name;
  auto add = [&key](std::string_view part) {
    key.push_back('\x1f');
    key.append(part);
  };
  for (const std::string& a : spec.argv) {
    add(a);
  }
  add(spec.cwd);
  for (const auto& [k, v] : spec.env) {
    add(k + "=" + v);
  }
  add(std::to_string(spec.timeout_seconds));
  add(std::to_string(spec.memory_mb));
  add(std::to_string(spec.max_concurrency));
  return key;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

void note(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace

class FunctionManager::Pool {
 public:
  Pool(LaunchSpec spec, const FunctionManagerOptions& options)
      : spec_(std::move(spec)), options_(options) {}

  // reservedConcurrency when the function sets it, else the manager's limit.
  int max_concurrency() const {
    return spec_.max_concurrency > 0 ? spec_.max_concurrency : options_.max_concurrency;
  }

  Result<InvokeOutput> invoke(const std::string& request_id, const Invocation& inv) {
    const SteadyTime deadline = std::chrono::steady_clock::now() + inv.caller_timeout;
    check_code();
    bool cold = false;
    auto worker = acquire(deadline, cold);
    if (!worker) {
      return std::unexpected(worker.error());
    }
    if (cold && options_.log_cold_starts) {
      note("[" + spec_.function_name + "] cold start: worker pid " +
           std::to_string((*worker)->pid()));
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    WorkerOutcome o = (*worker)->run(
        {request_id, inv.payload, remaining, inv.client_context, inv.cognito_identity});
    using Kind = WorkerOutcome::Kind;
    release(std::move(*worker), o.kind == Kind::Response || o.kind == Kind::Error);
    return to_output(request_id, std::move(o), cold);
  }

  // Starts workers until min(n, the concurrency limit) are alive; they wait idle, and reap()
  // keeps that many.
  void provision(int n) {
    int want = 0;
    int generation = 0;
    {
      std::lock_guard lock(mu_);
      provisioned_ = std::min(n, max_concurrency());
      want = std::max(0, provisioned_ - busy_ - static_cast<int>(idle_.size()));
      busy_ += want;  // the slots are held while the workers start
      generation = generation_;
    }
    int started = 0;
    for (int i = 0; i < want; ++i) {
      auto w = Worker::start(spec_);
      std::lock_guard lock(mu_);
      if (!w) {
        note("[" + spec_.function_name + "] provisioned concurrency: " + w.error().message);
        pass_slot_locked(nullptr);
        continue;
      }
      (*w)->set_generation(generation);
      ++started;
      pass_slot_locked(std::move(*w));
    }
    if (started > 0) {
      note("[" + spec_.function_name + "] provisioned concurrency: " + std::to_string(started) +
           " worker(s) started");
    }
  }

  // Stops the workers idle since before cutoff, keeping the provisioned ones.
  void reap(SteadyTime cutoff) {
    std::vector<std::unique_ptr<Worker>> reaped;
    {
      std::lock_guard lock(mu_);
      int alive = busy_ + static_cast<int>(idle_.size());
      std::erase_if(idle_, [&](std::unique_ptr<Worker>& w) {
        if (w->idle_since() < cutoff && alive > provisioned_) {
          --alive;
          reaped.push_back(std::move(w));
          return true;
        }
        return false;
      });
    }
    if (!reaped.empty()) {
      note("[" + spec_.function_name + "] stopped " + std::to_string(reaped.size()) +
           " idle worker(s)");
    }
  }

  int count() {
    std::lock_guard lock(mu_);
    return busy_ + static_cast<int>(idle_.size());
  }

 private:
  // A change to the handler's file retires every worker started before it.
  void check_code() {
    std::error_code ec;
    auto stamp = std::filesystem::last_write_time(spec_.code_file, ec);
    if (ec) {
      return;
    }
    std::vector<std::unique_ptr<Worker>> retired;
    {
      std::lock_guard lock(mu_);
      if (!stamped_ || stamp == stamp_) {
        stamped_ = true;
        stamp_ = stamp;
        return;
      }
      stamp_ = stamp;
      ++generation_;
      retired.swap(idle_);
    }
    note("[" + spec_.function_name + "] " + spec_.code_file + " changed: restarting workers");
  }

  // One invocation waiting for a worker: served in arrival order (FIFO), so no caller starves
  // while others keep getting the warm workers.
  struct Waiter {
    std::condition_variable cv;
    std::unique_ptr<Worker> worker;  ///< a warm worker handed over, or null: start one
    bool served = false;
  };

  Result<std::unique_ptr<Worker>> acquire(SteadyTime deadline, bool& cold) {
    std::unique_lock lock(mu_);
    while (!idle_.empty()) {
      std::unique_ptr<Worker> w = std::move(idle_.back());
      idle_.pop_back();
      if (w->usable()) {
        ++busy_;
        return w;
      }
      lock.unlock();
      w.reset();  // crashed while idle: replaced below
      lock.lock();
    }
    if (busy_ < max_concurrency()) {
      ++busy_;  // a slot for a new worker
    } else {
      Waiter me;
      waiters_.push_back(&me);
      if (!me.cv.wait_until(lock, deadline, [&me] { return me.served; })) {
        std::erase(waiters_, &me);
        return fail(ErrorKind::Failure, "function '" + spec_.function_name +
                                            "' is throttled: " + std::to_string(max_concurrency()) +
                                            " invocations already running");
      }
      if (me.worker) {
        return std::move(me.worker);  // the releasing invocation's slot is now ours
      }
    }
    const int generation = generation_;
    lock.unlock();
    cold = true;
    auto w = Worker::start(spec_);
    if (!w) {
      lock.lock();
      pass_slot_locked(nullptr);
      return std::unexpected(w.error());
    }
    (*w)->set_generation(generation);
    return w;
  }

  // Gives the caller's slot (and worker, when warm) to the first waiter, or frees it.
  void pass_slot_locked(std::unique_ptr<Worker> worker) {
    if (!waiters_.empty()) {
      Waiter* next = waiters_.front();
      waiters_.pop_front();
      next->worker = std::move(worker);
      next->served = true;
      next->cv.notify_one();
      return;
    }
    --busy_;
    if (worker) {
      worker->set_idle_since(std::chrono::steady_clock::now());
      idle_.push_back(std::move(worker));
    }
  }

  void release(std::unique_ptr<Worker> worker, bool keep) {
    if (!keep) {
      worker.reset();  // kills the process outside the lock
    }
    std::unique_lock lock(mu_);
    if (worker && worker->generation() != generation_) {
      std::unique_ptr<Worker> stale = std::move(worker);
      pass_slot_locked(nullptr);
      lock.unlock();
      return;  // stale's process is killed here, outside the lock
    }
    pass_slot_locked(std::move(worker));
  }

  Result<InvokeOutput> to_output(const std::string& id, WorkerOutcome o, bool cold) {
    using Kind = WorkerOutcome::Kind;
    InvokeOutput out{std::move(o.payload), o.kind != Kind::Response, id, cold};
    switch (o.kind) {
      case Kind::Response:
      case Kind::Error:
      case Kind::InitError:
        break;
      case Kind::Timeout:
        out.payload = "{\"errorMessage\":\"" + format_iso8601(std::chrono::system_clock::now()) +
                      " " + id + " Task timed out after " + std::to_string(spec_.timeout_seconds) +
                      ".00 seconds\"}";
        note("[" + spec_.function_name + "] " + id + " Task timed out after " +
             std::to_string(spec_.timeout_seconds) + ".00 seconds; worker replaced");
        break;
      case Kind::Exited:
        out.payload = "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: " + id +
                      " Error: Runtime exited with error: " + json_escape(o.detail) + "\"}";
        note("[" + spec_.function_name + "] worker exited (" + o.detail + "); replaced");
        break;
      case Kind::CallerTimeout:
        return fail(ErrorKind::Timeout, "function '" + spec_.function_name +
                                            "' did not answer within the integration timeout");
    }
    return out;
  }

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
};

// One queued Event invocation: its pool (local functions) or its own copy of a `url:`
// function's configuration, so it outlives the request and a reloaded API.
struct FunctionManager::EventJob {
  Pool* pool = nullptr;
  std::shared_ptr<const model::FunctionConfig> remote;
  std::string function_name;
  std::string request_id;  ///< kept by the retries, as on Lambda
  Invocation invocation;   ///< api is null; function is remote.get() or null
  size_t attempt = 0;      ///< retries made so far
  SteadyTime not_before{};
};

FunctionManager::FunctionManager(FunctionManagerOptions options)
    : options_(options), random_(std::random_device{}()), reaper_([this] { reap_loop(); }) {}

FunctionManager::~FunctionManager() {
  size_t dropped = 0;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    dropped = events_.size();
  }
  reaper_cv_.notify_all();
  events_cv_.notify_all();
  reaper_.join();
  for (std::thread& t : event_runners_) {
    t.join();  // the running events finish (each bounded by its function's timeout)
  }
  if (dropped > 0) {
    note("gw: " + std::to_string(dropped) + " queued Event invocation(s) dropped at shutdown");
  }
}

void FunctionManager::event_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const SteadyTime now = std::chrono::steady_clock::now();
    auto due = std::find_if(events_.begin(), events_.end(),
                            [now](const auto& job) { return job->not_before <= now; });
    if (due == events_.end()) {
      ++idle_runners_;
      if (events_.empty()) {
        events_cv_.wait(lock);
      } else {
        auto next = std::min_element(events_.begin(), events_.end(), [](auto& a, auto& b) {
          return a->not_before < b->not_before;
        });
        events_cv_.wait_until(lock, (*next)->not_before);
      }
      --idle_runners_;
      continue;
    }
    std::unique_ptr<EventJob> job = std::move(*due);
    events_.erase(due);
    lock.unlock();
    run_event(std::move(job));
    lock.lock();
  }
}

void FunctionManager::run_event(std::unique_ptr<EventJob> job) {
  Result<InvokeOutput> out = job->pool != nullptr
                                 ? job->pool->invoke(job->request_id, job->invocation)
                                 : invoke_remote(job->invocation, job->request_id);
  const std::string who = "[" + job->function_name + "] Event " + job->request_id + " ";
  if (!out) {
    note(who + "failed: " + out.error().message);
    return;
  }
  if (!out->function_error) {
    note(who + "done");
    return;
  }
  const std::string error = "function error: " + out->payload.substr(0, 300);
  const auto& delays = options_.event_retry_delays;
  if (job->attempt >= delays.size()) {
    note(who + error + " (retries exhausted)");
    return;
  }
  const std::chrono::milliseconds delay = delays[job->attempt++];
  note(who + error + "; retry " + std::to_string(job->attempt) + " of " +
       std::to_string(delays.size()) + " in " + std::to_string(delay.count()) + " ms");
  job->not_before = std::chrono::steady_clock::now() + delay;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return;
    }
    events_.push_back(std::move(job));
  }
  events_cv_.notify_one();
}

Result<InvokeOutput> FunctionManager::invoke_event(const Invocation& invocation) {
  if (invocation.api == nullptr || invocation.function == nullptr) {
    return fail(ErrorKind::Internal, "invocation without a function");
  }
  const model::FunctionConfig& fn = *invocation.function;
  auto job = std::make_unique<EventJob>();
  job->function_name = fn.name;
  job->request_id = make_uuid(random_);
  job->invocation = invocation;
  job->invocation.api = nullptr;
  job->invocation.function = nullptr;
  // An event waits in Lambda's queue (up to 6 hours) and then runs within its own timeout.
  job->invocation.caller_timeout = std::chrono::hours(6);
  if (!fn.url.empty()) {
    job->remote = std::make_shared<const model::FunctionConfig>(fn);
    job->invocation.function = job->remote.get();
    job->invocation.caller_timeout = std::chrono::seconds(std::max(fn.timeout_seconds, 1) + 5);
  } else {
    Result<void> error;
    job->pool = pool_for(invocation, error);
    if (job->pool == nullptr) {
      return std::unexpected(error.error());
    }
  }
  InvokeOutput out{"", false, job->request_id, false};
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return fail(ErrorKind::Failure, "gw is stopping");
    }
    events_.push_back(std::move(job));
    const size_t limit = static_cast<size_t>(std::max(1, options_.max_concurrency));
    if (idle_runners_ == 0 && event_runners_.size() < limit) {
      event_runners_.emplace_back([this] { event_loop(); });
    }
  }
  events_cv_.notify_one();
  return out;
}

void FunctionManager::reap_loop() {
  const auto period = std::clamp(options_.idle_timeout / 2, std::chrono::milliseconds(10),
                                 std::chrono::milliseconds(5000));
  std::unique_lock lock(mu_);
  while (!reaper_cv_.wait_for(lock, period, [this] { return stopping_; })) {
    const SteadyTime cutoff = std::chrono::steady_clock::now() - options_.idle_timeout;
    std::vector<Pool*> pools;
    for (auto& [key, pool] : pools_) {
      pools.push_back(pool.get());
    }
    lock.unlock();
    for (Pool* pool : pools) {
      pool->reap(cutoff);  // pools are never erased while the manager lives
    }
    lock.lock();
  }
}

namespace {

// Whether two configurations launch the same workers (the position aside).
bool same_launch(const model::FunctionConfig& a, const model::FunctionConfig& b) {
  return a.name == b.name && a.runtime == b.runtime && a.handler == b.handler &&
         a.code_uri == b.code_uri && a.timeout_seconds == b.timeout_seconds &&
         a.memory_mb == b.memory_mb && a.reserved_concurrency == b.reserved_concurrency &&
         a.environment == b.environment && a.url == b.url;
}

}  // namespace

FunctionManager::Pool* FunctionManager::pool_for(const Invocation& inv, Result<void>& error) {
  const std::string& spec_path = inv.api->spec_path ? *inv.api->spec_path : std::string();
  {
    std::lock_guard lock(mu_);
    if (auto it = pool_cache_.find(inv.function); it != pool_cache_.end()) {
      const PoolCacheEntry& e = it->second;
      if (same_launch(e.function, *inv.function) && e.spec_path == spec_path &&
          e.runtimes == inv.api->gw.runtimes) {
        return e.pool;
      }
    }
  }
  auto spec = make_launch_spec(*inv.api, *inv.function);
  if (!spec) {
    error = std::unexpected(spec.error());
    return nullptr;
  }
  std::string key = fingerprint(*spec);
  std::lock_guard lock(mu_);
  auto it = pools_.find(key);
  if (it == pools_.end()) {
    it = pools_.emplace(key, std::make_unique<Pool>(std::move(*spec), options_)).first;
  }
  pool_cache_[inv.function] =
      PoolCacheEntry{*inv.function, spec_path, inv.api->gw.runtimes, it->second.get()};
  return it->second.get();
}

Result<InvokeOutput> FunctionManager::invoke(const Invocation& invocation) {
  if (invocation.api == nullptr || invocation.function == nullptr) {
    return fail(ErrorKind::Internal, "invocation without a function");
  }
  if (!invocation.function->url.empty()) {
    return invoke_remote(invocation, make_uuid(random_));
  }
  Result<void> error;
  Pool* pool = pool_for(invocation, error);
  if (pool == nullptr) {
    return std::unexpected(error.error());
  }
  return pool->invoke(make_uuid(random_), invocation);
}

void FunctionManager::provision(const model::Api& api) {
  for (const auto& [name, fn] : api.gw.functions) {
    if (fn.provisioned_concurrency <= 0 || !fn.url.empty()) {
      continue;
    }
    Result<void> error;
    Pool* pool = pool_for(Invocation{&api, &fn, "", std::chrono::milliseconds(0), "", ""}, error);
    if (pool == nullptr) {
      note("[" + name + "] provisioned concurrency: " + error.error().message);
      continue;
    }
    pool->provision(fn.provisioned_concurrency);
  }
}

int FunctionManager::workers_for_test(const std::string& function_name) {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto& [key, pool] : pools_) {
    if (key.substr(0, key.find('\x1f')) == function_name) {
      n += pool->count();
    }
  }
  return n;
}

}  // namespace gw::lambda
