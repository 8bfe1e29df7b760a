#include "core/lambda/pool.h"

#include <algorithm>
#include <cstdio>

namespace gw::lambda {

namespace {

constexpr std::string_view kThrottled = "' is throttled: ";

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

}  // namespace

void note(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

bool is_throttle(const Error& error) {
  return error.kind == ErrorKind::Failure && error.message.find(kThrottled) != std::string::npos;
}

Result<InvokeOutput> FunctionManager::Pool::invoke(const std::string& request_id,
                                                   const Invocation& inv, bool wait_for_worker) {
  const SteadyTime deadline = std::chrono::steady_clock::now() + inv.caller_timeout;
  check_code();
  bool cold = false;
  auto worker = acquire(deadline, wait_for_worker, cold);
  if (!worker) {
    return std::unexpected(worker.error());
  }
  if (cold && options_.log_cold_starts) {
    note("[" + spec_.function_name + "] cold start: worker pid " +
         std::to_string((*worker)->pid()));
  }
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  WorkerOutcome o = (*worker)->run(WorkerTask{
      request_id, inv.payload, remaining, inv.client_context, inv.cognito_identity, inv.trace_id});
  using Kind = WorkerOutcome::Kind;
  release(std::move(*worker), o.kind == Kind::Response || o.kind == Kind::Error);
  return to_output(request_id, std::move(o), cold);
}

void FunctionManager::Pool::provision(int n) {
  check_code();  // stamps the handler's file, so a later change retires these workers
  int want = 0;
  int generation = 0;
  {
    std::lock_guard lock(mu_);
    provisioned_ = std::min(n, max_concurrency());
    want = std::max(0, provisioned_ - busy_ - static_cast<int>(idle_.size()));
    busy_ += want;  // the slots are held while the workers start
    generation = generation_;
  }
  start_slots(want, generation, "started");
}

// Starts n workers into slots already counted in busy_, and hands each on (to a waiter, or
// idle).
void FunctionManager::Pool::start_slots(int n, int generation, const char* why) {
  int started = 0;
  for (int i = 0; i < n; ++i) {
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
         " worker(s) " + why);
  }
}

void FunctionManager::Pool::reap(SteadyTime cutoff) {
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

void FunctionManager::Pool::replenish(SteadyTime now) {
  {
    std::lock_guard lock(mu_);
    if (provisioned_ == 0) {
      return;
    }
  }
  check_code();
  std::vector<std::unique_ptr<Worker>> dead;
  int want = 0;
  int generation = 0;
  {
    std::lock_guard lock(mu_);
    std::erase_if(idle_, [&dead](std::unique_ptr<Worker>& w) {
      if (w->usable()) {
        return false;
      }
      dead.push_back(std::move(w));
      return true;
    });
    const int missing = provisioned_ - busy_ - static_cast<int>(idle_.size());
    if (missing <= 0) {
      if (dead.empty() && now >= next_replace_ + last_delay_) {
        replace_streak_ = 0;  // the last replacements outlived their backoff: healthy again
      }
      return;
    }
    if (now < next_replace_) {
      return;  // replacements kept dying: wait for the backoff
    }
    // 1x, 2x, 4x ... the initial backoff, capped: a bootstrap that crashes at once is started
    // again less and less often instead of in a loop.
    const int shift = std::min(replace_streak_++, 20);
    const std::chrono::milliseconds delay =
        options_.provision_backoff_initial * (int64_t{1} << shift);
    last_delay_ = std::min(delay, options_.provision_backoff_max);
    next_replace_ = now + last_delay_;
    want = missing;
    busy_ += want;
    generation = generation_;
  }
  if (!dead.empty()) {
    note("[" + spec_.function_name + "] " + std::to_string(dead.size()) +
         " idle provisioned worker(s) exited; replacing");
  }
  dead.clear();  // reaps the processes outside the lock
  start_slots(want, generation, "restarted");
}

int FunctionManager::Pool::count() {
  std::lock_guard lock(mu_);
  return busy_ + static_cast<int>(idle_.size());
}

// A change to the handler's file retires every worker started before it.
void FunctionManager::Pool::check_code() {
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

Result<std::unique_ptr<Worker>> FunctionManager::Pool::acquire(SteadyTime deadline, bool wait,
                                                               bool& cold) {
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
    if (wait) {
      waiters_.push_back(&me);
    }
    if (!wait || !me.cv.wait_until(lock, deadline, [&me] { return me.served; })) {
      std::erase(waiters_, &me);
      return fail(ErrorKind::Failure, "function '" + spec_.function_name + std::string(kThrottled) +
                                          std::to_string(max_concurrency()) +
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
void FunctionManager::Pool::pass_slot_locked(std::unique_ptr<Worker> worker) {
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

void FunctionManager::Pool::release(std::unique_ptr<Worker> worker, bool keep) {
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

Result<InvokeOutput> FunctionManager::Pool::to_output(const std::string& id, WorkerOutcome o,
                                                      bool cold) {
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

}  // namespace gw::lambda
