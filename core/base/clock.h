#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace gw {

/// The only source of time for the gateway: injected so tests and replay are deterministic.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time (request times, Date headers, log lines).
  virtual std::chrono::system_clock::time_point now() const = 0;
  /// Monotonic time for measuring latencies and deadlines.
  virtual std::chrono::steady_clock::time_point monotonic() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point monotonic() const override {
    return std::chrono::steady_clock::now();
  }
};

/// A clock that only moves when told to (tests, replay).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start = {}) : wall_(start) {}
  std::chrono::system_clock::time_point now() const override { return wall_; }
  std::chrono::steady_clock::time_point monotonic() const override { return mono_; }
  void advance(std::chrono::nanoseconds d) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
    mono_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
  }
  void set(std::chrono::system_clock::time_point t) { wall_ = t; }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point mono_{};
};

/// The source of randomness (request ids, canary choice): injected for determinism.
class Random {
 public:
  virtual ~Random() = default;
  virtual uint64_t next() = 0;
};

/// A thread-safe seeded generator; seed it from std::random_device for real use.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}
  uint64_t next() override {
    std::lock_guard lock(mu_);
    return engine_();
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
};

/// A random version-4 UUID ("3f1c...-...."), as API Gateway's request ids.
std::string make_uuid(Random& random);
/// 15 random characters of a 64-character `alphabet`, then '=': the shape of API Gateway's
/// extended request ids and WebSocket connection ids.
std::string make_base64_id(Random& random, std::string_view alphabet);
/// A 16-character base64-like id ending in '=', as `x-amz-apigw-id` / `apigw-requestid`.
std::string make_extended_id(Random& random);

/// "25/Nov/2026:21:10:23 +0000" ($context.requestTime).
std::string format_clf_time(std::chrono::system_clock::time_point t);
/// "Wed, 25 Nov 2026 21:10:23 GMT" (the Date header).
std::string format_http_date(std::chrono::system_clock::time_point t);
/// "2026-11-25T21:10:23.123Z".
std::string format_iso8601(std::chrono::system_clock::time_point t);
/// Milliseconds since the epoch.
int64_t epoch_ms(std::chrono::system_clock::time_point t);

}  // namespace gw
