#include "core/cache/stage_cache.h"

namespace gw::cache {

size_t entry_size(const std::string& key, const Response& r) {
  size_t n = key.size() + r.body.size() + 16;
  for (const auto& [name, value] : r.headers) {
    n += name.size() + value.size() + 4;
  }
  return n;
}

StageCache::StageCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

std::optional<Response> StageCache::get(const std::string& key,
                                        std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    return std::nullopt;
  }
  if (it->second->expires <= now) {
    erase_locked(it->second);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->response;
}

void StageCache::put(const std::string& key, Response r,
                     std::chrono::steady_clock::time_point expires) {
  size_t bytes = entry_size(key, r);
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    erase_locked(it->second);
  }
  if (bytes > capacity_) {
    return;
  }
  while (bytes_ + bytes > capacity_ && !lru_.empty()) {
    erase_locked(std::prev(lru_.end()));
  }
  lru_.push_front(Entry{key, std::move(r), expires, bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
}

void StageCache::erase(const std::string& key) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    erase_locked(it->second);
  }
}

void StageCache::erase_locked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

size_t StageCache::size_bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t StageCache::entries() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace gw::cache
