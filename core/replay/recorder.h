#pragma once

/// `gw serve --record FILE`: every exchange appended to FILE as one JSON line, flushed at once,
/// so a crash loses at most the exchange in flight. While a request runs, the gateway's random
/// source is seeded from the exchange id on that thread, exactly as `gw replay` seeds it, so
/// request ids (and anything built from them) replay identically.

#include <cstdio>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"
#include "core/replay/recording.h"

namespace gw::replay {

/// A Random whose draws come from a per-thread engine while a seed is set on that thread (one
/// request), and from `fallback` otherwise.
class ThreadSeededRandom final : public Random {
 public:
  explicit ThreadSeededRandom(Random& fallback) : fallback_(fallback) {}
  uint64_t next() override;
  /// Seeds this thread's engine; draws use it until clear_thread_seed().
  static void set_thread_seed(uint64_t seed);
  static void clear_thread_seed();

 private:
  Random& fallback_;
};

/// Masks credentials in a recorded exchange: the named headers in the request, the integration
/// requests and the Lambda events' `headers` / `multiValueHeaders` / `cookies`.
class Redactor {
 public:
  /// Authorization, x-api-key, Cookie, Set-Cookie plus `extra` (case-insensitive).
  explicit Redactor(const std::vector<std::string>& extra = {});
  void apply(Recorded& exchange) const;
  static constexpr std::string_view kMask = "REDACTED";

 private:
  bool sensitive(std::string_view name) const;
  void mask(Headers& headers) const;
  std::string mask_event(const std::string& body) const;
  std::set<std::string> names_;  // lower case
};

struct RecorderOptions {
  std::string path;
  bool redact = false;
  std::vector<std::string> redact_headers;
};

class Recorder {
 public:
  /// Opens options.path for appending (created 0600 when missing); ErrorKind::Environment on
  /// failure.
  static Result<std::unique_ptr<Recorder>> open(RecorderOptions options, Random& fallback);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  /// The random source to give the Gateway (GatewayDeps::random).
  Random* random() { return &random_; }
  /// Runs request through gateway and appends the exchange to the file.
  Response handle(const Gateway& gateway, const Request& request, RequestLog* log);
  /// Exchanges written so far.
  size_t written() const;

 private:
  Recorder(RecorderOptions options, std::FILE* file, Random& fallback);
  void write(const Recorded& exchange);

  RecorderOptions options_;
  std::FILE* file_;
  Random& ids_;  // exchange ids
  ThreadSeededRandom random_;
  Redactor redactor_;
  mutable std::mutex mu_;
  size_t written_ = 0;
};

/// The exchange a gateway run produced, as a recording holds it.
Recorded make_recorded(const Gateway& gateway, std::string id, const Request& request,
                       const Response& response, RequestLog& log);

}  // namespace gw::replay
