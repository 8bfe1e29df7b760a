#pragma once

/// A token bucket as API Gateway throttles with it (fact 61): a steady rate in requests per
/// second refills a bucket holding at most `burst` tokens; each request takes one token. The
/// bucket starts full. Not thread-safe: the StateStore guards it.

#include <chrono>

namespace gw::limits {

struct BucketLimits {
  double rate = 0;  ///< tokens per second
  int burst = 0;    ///< bucket capacity; 0 rejects every request
};

class TokenBucket {
 public:
  TokenBucket(BucketLimits limits, std::chrono::steady_clock::time_point now);
  /// Refills for the time since the last call, then takes a token if one is there.
  bool try_take(BucketLimits limits, std::chrono::steady_clock::time_point now);
  double tokens() const { return tokens_; }

 private:
  double tokens_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace gw::limits
