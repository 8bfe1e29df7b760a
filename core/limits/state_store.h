#pragma once

/// Shared mutable state of the limits (DESIGN.md §2): token buckets and quota counters behind
/// one interface, so a Redis-backed store could later serve several gw instances. The default
/// is in memory with sharded locks; quota counters are durable when a file is given (written
/// to a temp file, fsynced, renamed: a crash leaves the old file or the new one, never half).

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base/result.h"
#include "core/limits/quota.h"
#include "core/limits/token_bucket.h"

namespace gw::limits {

class StateStore {
 public:
  virtual ~StateStore() = default;
  /// Takes a token from the bucket named `bucket` (created full on first use).
  virtual bool take_token(const std::string& bucket, BucketLimits limits,
                          std::chrono::steady_clock::time_point now) = 0;
  /// Counts one request of key_id under plan if the quota allows it.
  virtual QuotaDecision consume_quota(const std::string& plan, const std::string& key_id,
                                      const QuotaRule& rule,
                                      std::chrono::system_clock::time_point now) = 0;
  /// Every quota counter, ordered by plan then key.
  virtual std::vector<QuotaCounter> counters() const = 0;
  /// Persists the counters now (no-op for a store without a file).
  virtual Result<bool> flush() = 0;
  /// Persists the counters when they changed and `interval` passed since the last write.
  /// Returns why a write failed (the counters stay in memory and the next call tries again),
  /// at most once per kFlushWarningEvery while the writes keep failing; nullopt otherwise.
  virtual std::optional<std::string> flush_if_due(std::chrono::steady_clock::time_point now,
                                                  std::chrono::steady_clock::duration interval) = 0;
  static constexpr std::chrono::seconds kFlushWarningEvery{30};
};

class MemoryStateStore final : public StateStore {
 public:
  /// persist_path "" keeps everything in memory; otherwise counters load from it (a missing
  /// file is an empty start) and are written back to it.
  explicit MemoryStateStore(std::string persist_path = {});
  ~MemoryStateStore() override;
  MemoryStateStore(const MemoryStateStore&) = delete;
  MemoryStateStore& operator=(const MemoryStateStore&) = delete;

  bool take_token(const std::string& bucket, BucketLimits limits,
                  std::chrono::steady_clock::time_point now) override;
  QuotaDecision consume_quota(const std::string& plan, const std::string& key_id,
                              const QuotaRule& rule,
                              std::chrono::system_clock::time_point now) override;
  std::vector<QuotaCounter> counters() const override;
  Result<bool> flush() override;
  std::optional<std::string> flush_if_due(std::chrono::steady_clock::time_point now,
                                          std::chrono::steady_clock::duration interval) override;
  /// The error met loading the file, if any (the store then starts empty).
  const std::string& load_error() const { return load_error_; }

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, TokenBucket> buckets;
    std::map<std::string, QuotaCounter> counters;  ///< "plan\nkey" -> counter
  };
  Shard& shard_for(const std::string& key);

  std::array<Shard, kShards> shards_;
  std::string path_;
  std::string load_error_;
  std::mutex flush_mu_;
  std::atomic<bool> dirty_{false};
  std::atomic<int64_t> last_flush_ns_{0};
  int64_t last_warning_ns_ = 0;  ///< guarded by flush_mu_
};

/// Reads counters written by save_counters (missing file: empty).
Result<std::vector<QuotaCounter>> load_counters(const std::string& path);
/// Writes counters crash-safely: temp file, fsync, rename, fsync of the directory.
Result<bool> save_counters(const std::string& path, const std::vector<QuotaCounter>& counters);

}  // namespace gw::limits
