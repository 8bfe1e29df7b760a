#pragma once

/// A stage's response cache (REST stage cache): entries expire after their TTL on the injected
/// clock, and the least recently used ones are evicted once the configured capacity (bytes) is
/// reached. Thread-safe (one mutex per stage cache).

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/base/http.h"

namespace gw::cache {

class StageCache {
 public:
  explicit StageCache(size_t capacity_bytes);

  /// The live entry for key (and marks it recently used); expired entries are dropped.
  std::optional<Response> get(const std::string& key, std::chrono::steady_clock::time_point now);
  /// Stores r under key until `expires`; an entry larger than the capacity is not stored.
  void put(const std::string& key, Response r, std::chrono::steady_clock::time_point expires);
  void erase(const std::string& key);

  size_t size_bytes() const;
  size_t entries() const;
  size_t capacity_bytes() const { return capacity_; }

 private:
  struct Entry {
    std::string key;
    Response response;
    std::chrono::steady_clock::time_point expires;
    size_t bytes = 0;
  };
  void erase_locked(std::list<Entry>::iterator it);

  size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

/// The bytes an entry occupies (key, status line, headers, body).
size_t entry_size(const std::string& key, const Response& r);

}  // namespace gw::cache
