#include "core/lambda/function_manager.h"

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "core/lambda/event_queue.h"
#include "core/lambda/launch.h"
#include "core/lambda/pool.h"
#include "core/lambda/remote.h"

namespace gw::lambda {

namespace {

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

}  // namespace

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
    const SteadyTime now = std::chrono::steady_clock::now();
    for (Pool* pool : pools) {
      pool->reap(cutoff);  // pools are never erased while the manager lives
      pool->replenish(now);
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
  std::set<Pool*> provisioned;
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
    provisioned.insert(pool);
  }
  std::vector<Pool*> others;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, pool] : pools_) {
      if (!provisioned.contains(pool.get())) {
        others.push_back(pool.get());
      }
    }
  }
  for (Pool* pool : others) {
    pool->provision(0);  // no longer provisioned: the reaper stops its idle workers
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
