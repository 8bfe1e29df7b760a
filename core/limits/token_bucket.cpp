#include "core/limits/token_bucket.h"

#include <algorithm>

namespace gw::limits {

TokenBucket::TokenBucket(BucketLimits limits, std::chrono::steady_clock::time_point now)
    : tokens_(static_cast<double>(limits.burst)), last_(now) {}

bool TokenBucket::try_take(BucketLimits limits, std::chrono::steady_clock::time_point now) {
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(static_cast<double>(limits.burst), tokens_ + elapsed * limits.rate);
    last_ = now;
  }
  // A settings change (hot reload) may shrink the bucket below what it holds.
  tokens_ = std::min(tokens_, static_cast<double>(limits.burst));
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  return false;
}

}  // namespace gw::limits
