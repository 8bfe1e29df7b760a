#pragma once

/// Authorizer result caching (fact 53, fact 57): answers keyed by the authorizer and its
/// identity-source values, kept until a TTL read from the injected clock. Sharded locks: the
/// cache is shared by all request threads.

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::auth {

template <class T>
class ResultCache {
 public:
  using Time = std::chrono::system_clock::time_point;

  /// The live entry for key at now, or nullptr.
  std::shared_ptr<const T> get(const std::string& key, Time now) const {
    Shard& s = shard(key);
    std::lock_guard lock(s.mu);
    auto it = s.entries.find(key);
    if (it == s.entries.end()) {
      return nullptr;
    }
    if (now >= it->second.expires) {
      s.entries.erase(it);
      return nullptr;
    }
    return it->second.value;
  }

  void put(const std::string& key, std::shared_ptr<const T> value, Time expires) const {
    Shard& s = shard(key);
    std::lock_guard lock(s.mu);
    if (s.entries.size() >= kMaxPerShard) {
      s.entries.clear();  // a bound, not an LRU: authorizer caches are small in practice
    }
    s.entries[key] = Entry{std::move(value), expires};
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxPerShard = 4096;
  struct Entry {
    std::shared_ptr<const T> value;
    Time expires;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& shard(const std::string& key) const {
    return shards_[std::hash<std::string>{}(key) % kShards];
  }
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace gw::auth
