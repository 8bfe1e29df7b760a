#pragma once

/// `gw serve`'s live metrics: API Gateway's CloudWatch metrics (Count, 4XXError, 5XXError,
/// Latency, IntegrationLatency, CacheHitCount, CacheMissCount) per stage, a stage's canary
/// requests apart (a canary has metrics of its own on AWS), and per method (REST: Method and
/// Resource dimensions) or route (HTTP APIs: Route) where the stage's methodSettings turn on
/// `metricsEnabled` (`detailedMetricsEnabled`, the HTTP API name, is the same setting).
/// Rendered in Prometheus's text format (the admin listener's /metrics), as JSON
/// (/metrics.json) and as the lines gw serve prints when it stops. Thread-safe.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/model/api.h"
#include "core/pipeline/gateway.h"

namespace gw::observe {

/// Latencies in fixed buckets, as a Prometheus histogram keeps them.
class LatencyHistogram {
 public:
  /// Upper bounds in seconds: from 100 us (a local mock answers in tens of microseconds) to
  /// 30 s, past API Gateway's 29 s integration timeout.
  static constexpr std::array<double, 17> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                     1,      2.5,     5,      10,    30};
  void add(double seconds);
  void merge(const LatencyHistogram& other);
  /// The q-quantile (0..1) as Prometheus's histogram_quantile estimates it: linear within the
  /// bucket the rank falls in; 0 when empty; the largest finite bound past it.
  double quantile(double q) const;
  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  /// Observations at most kBounds[i] (cumulative), i == kBounds.size() for +Inf.
  uint64_t cumulative(size_t i) const;

 private:
  std::array<uint64_t, kBounds.size() + 1> buckets_{};  // per bucket, the last one +Inf
  uint64_t count_ = 0;
  double sum_ = 0;
};

/// One series' counters.
struct MetricCounts {
  uint64_t count = 0;                    ///< Count
  uint64_t client_errors = 0;            ///< 4XXError
  uint64_t server_errors = 0;            ///< 5XXError
  uint64_t cache_hits = 0;               ///< CacheHitCount
  uint64_t cache_misses = 0;             ///< CacheMissCount
  LatencyHistogram latency;              ///< Latency: the whole request, in gw
  LatencyHistogram integration_latency;  ///< IntegrationLatency: requests that reached one

  void add(const RequestLog& log);
  void merge(const MetricCounts& other);
};

/// "hit", "miss", or nullptr when the method has no stage cache.
const char* cache_word(CacheOutcome c);
/// What decided an answer, as gw serve's line and the dashboard say it: "cache hit; lambda
/// authorizer: allow; throttled by account (rate 10000/s, burst 5000)"; "" when nothing did.
std::string decisions_text(const RequestLog& log);

/// One answered request as the dashboard lists it.
struct RecentRequest {
  int64_t epoch_ms = 0;
  std::string method;
  std::string path;
  std::string stage;
  std::string route;  ///< "GET /pets/{id}" (REST: method and resource), "" when unmatched
  int status = 0;
  double latency_ms = 0;
  std::string request_id;
  std::string decisions;  ///< cache, authorizer and reason, as gw serve's line says them
  std::string trace;      ///< the steps' decisions, one per line (the first kMaxTraceLines)
};

/// A stage's totals (method and resource empty) or one method's.
struct MetricSeries {
  std::string stage;
  bool canary = false;
  std::string method;    ///< REST: "GET"; HTTP APIs: "" (the route says it)
  std::string resource;  ///< REST: "/pets/{id}"; HTTP APIs: the route key "GET /pets"
  MetricCounts counts;
};

class ServeMetrics {
 public:
  explicit ServeMetrics(
      std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now());

  /// The API served now (at start and after each reload): its name, type and which methods
  /// have detailed metrics. Counters are kept across reloads.
  void set_api(const model::Api& api);
  /// Counts one answered request; a request that reached no stage counts nowhere (CloudWatch's
  /// metrics all carry a Stage dimension).
  void count(const RequestLog& log);

  /// Stage totals, then each method with detailed metrics on, each group in stage order.
  std::vector<MetricSeries> snapshot() const;
  /// Prometheus text exposition format 0.0.4; `open_connections` as a gauge.
  std::string prometheus(size_t open_connections) const;
  /// {"api", "apiType", "uptimeSeconds", "stages": [...], "methods": [...]}.
  std::string json() const;
  /// "metrics prod: Count 900, 4XXError 2, 5XXError 0, Latency p50 1.2 ms p99 3.1 ms" per
  /// stage (canary as "prod (canary)"), "CacheHitCount h, CacheMissCount m" added where a stage
  /// cache answered; nothing before the first request that reached a stage.
  std::vector<std::string> summary_lines() const;

  /// The dashboard's history: totals per kSlotSeconds over the last kSlots slots (by the
  /// requests' own time, so an injected clock drives it), each route's counters over that
  /// window, and the last kRecent requests with their trace. Off until turned on: keeping it
  /// copies each request's trace.
  static constexpr int kSlotSeconds = 5;
  static constexpr size_t kSlots = 60;
  static constexpr size_t kRecent = 30;
  static constexpr size_t kMaxTraceLines = 40;
  static constexpr size_t kMaxRoutes = 200;  ///< per slot; more fall into "(other)"
  void keep_history(bool on);
  /// {"slotSeconds", "series": [kSlots slots, oldest first, ending at now_ms's], "routes",
  /// "recent": [newest first]}.
  std::string dashboard_json(int64_t now_ms) const;

 private:
  struct Slot {
    int64_t index = -1;  ///< epoch_ms / (kSlotSeconds * 1000); -1 = never used
    MetricCounts total;
    std::map<std::string, MetricCounts, std::less<>> routes;  ///< "stage route"
  };
  void remember(const RequestLog& log);  // with mu_ held
  // The maps compare transparently: a request's series is found without copying its strings.
  using Key = std::tuple<std::string, bool, std::string, std::string>;  // stage canary method res
  using KeyView = std::tuple<std::string_view, bool, std::string_view, std::string_view>;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mu_;
  std::string api_label_;  ///< REST: ApiName (the title); HTTP APIs: ApiId
  bool http_api_ = false;
  // (stage, method, resource) of the methods with detailed metrics.
  std::set<std::tuple<std::string, std::string, std::string>, std::less<>> detailed_;
  std::map<Key, MetricCounts, std::less<>> by_key_;
  MetricCounts& series(const KeyView& key);  // with mu_ held
  bool history_ = false;
  std::vector<Slot> slots_;            ///< kSlots, used as a ring by slot index
  std::vector<RecentRequest> recent_;  ///< a ring of kRecent, its strings' capacity reused
  std::string route_key_;              ///< scratch for remember(), its capacity reused
  size_t recent_next_ = 0;
};

}  // namespace gw::observe
