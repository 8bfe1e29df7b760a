#include "core/limits/state_store.h"


#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/files.h"

namespace gw::limits {

namespace {

std::string counter_key(const std::string& plan, const std::string& key_id) {
  return plan + '\n' + key_id;
}

nlohmann::json to_json(const QuotaCounter& c) {
  return {{"plan", c.plan}, {"key", c.key_id},      {"periodStart", c.period_start},
          {"used", c.used}, {"initial", c.initial}, {"days", c.days}};
}

}  // namespace

MemoryStateStore::MemoryStateStore(std::string persist_path) : path_(std::move(persist_path)) {
  if (path_.empty()) {
    return;
  }
  auto loaded = load_counters(path_);
  if (!loaded) {
    load_error_ = loaded.error().message;
    return;
  }
  for (QuotaCounter& c : *loaded) {
    std::string key = counter_key(c.plan, c.key_id);
    shard_for(key).counters[key] = std::move(c);
  }
}

MemoryStateStore::~MemoryStateStore() {
  if (dirty_.load()) {
    (void)flush();
  }
}

MemoryStateStore::Shard& MemoryStateStore::shard_for(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

bool MemoryStateStore::take_token(const std::string& bucket, BucketLimits limits,
                                  std::chrono::steady_clock::time_point now) {
  Shard& s = shard_for(bucket);
  std::lock_guard lock(s.mu);
  auto it = s.buckets.find(bucket);
  if (it == s.buckets.end()) {
    it = s.buckets.emplace(bucket, TokenBucket(limits, now)).first;
  }
  return it->second.try_take(limits, now);
}

QuotaDecision MemoryStateStore::consume_quota(const std::string& plan, const std::string& key_id,
                                              const QuotaRule& rule,
                                              std::chrono::system_clock::time_point now) {
  std::string key = counter_key(plan, key_id);
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mu);
  QuotaCounter& c = s.counters[key];
  if (c.plan.empty()) {
    c.plan = plan;
    c.key_id = key_id;
  }
  QuotaDecision d = consume(c, rule, now);
  if (d.allowed) {
    dirty_.store(true);
  }
  return d;
}

std::vector<QuotaCounter> MemoryStateStore::counters() const {
  std::map<std::string, QuotaCounter> all;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mu);
    all.insert(s.counters.begin(), s.counters.end());
  }
  std::vector<QuotaCounter> out;
  for (auto& [k, c] : all) {
    out.push_back(std::move(c));
  }
  return out;
}

Result<bool> MemoryStateStore::flush() {
  if (path_.empty()) {
    return true;
  }
  std::lock_guard lock(flush_mu_);
  dirty_.store(false);
  Result<bool> r = save_counters(path_, counters());
  if (!r) {
    dirty_.store(true);
  }
  return r;
}

std::optional<std::string> MemoryStateStore::flush_if_due(
    std::chrono::steady_clock::time_point now, std::chrono::steady_clock::duration interval) {
  if (path_.empty() || !dirty_.load()) {
    return std::nullopt;
  }
  int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  int64_t last = last_flush_ns_.load();
  int64_t gap = std::chrono::duration_cast<std::chrono::nanoseconds>(interval).count();
  if (last != 0 && now_ns - last < gap) {
    return std::nullopt;
  }
  if (!last_flush_ns_.compare_exchange_strong(last, now_ns == 0 ? 1 : now_ns)) {
    return std::nullopt;  // another thread is writing
  }
  Result<bool> r = flush();
  if (r) {
    return std::nullopt;
  }
  std::lock_guard lock(flush_mu_);
  const int64_t every =
      std::chrono::duration_cast<std::chrono::nanoseconds>(kFlushWarningEvery).count();
  if (last_warning_ns_ != 0 && now_ns - last_warning_ns_ < every) {
    return std::nullopt;
  }
  last_warning_ns_ = now_ns == 0 ? 1 : now_ns;
  return "quota counters are not being saved (" + r.error().message +
         "): they are kept in memory and lost when gw stops; retrying";
}

Result<std::vector<QuotaCounter>> load_counters(const std::string& path) {
  std::vector<QuotaCounter> out;
  std::ifstream in(path);
  if (!in) {
    return out;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    nlohmann::json j = nlohmann::json::parse(ss.str());
    for (const auto& item : j.at("counters")) {
      QuotaCounter c;
      c.plan = item.at("plan").get<std::string>();
      c.key_id = item.at("key").get<std::string>();
      c.period_start = item.value("periodStart", int64_t{0});
      c.used = item.value("used", 0LL);
      c.initial = item.value("initial", true);
      c.days = item.value("days", std::map<std::string, long long>{});
      out.push_back(std::move(c));
    }
  } catch (const std::exception& e) {
    return fail(ErrorKind::BadInput, "cannot read usage counters '" + path + "': " + e.what());
  }
  return out;
}

Result<bool> save_counters(const std::string& path, const std::vector<QuotaCounter>& counters) {
  nlohmann::json j = {{"version", 1}, {"counters", nlohmann::json::array()}};
  for (const QuotaCounter& c : counters) {
    j["counters"].push_back(to_json(c));
  }
  std::string data = j.dump(2) + "\n";
  return files::write_atomically(path, data);
}

}  // namespace gw::limits
