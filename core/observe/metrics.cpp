#include "core/observe/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/base/json_writer.h"
#include "core/limits/plans.h"
#include "core/pipeline/exchange.h"

namespace gw::observe {
namespace {

// One metric family of the exposition: CloudWatch's name, Prometheus's, and what it counts.
struct Family {
  const char* name;
  const char* cloudwatch;
  const char* help;
  uint64_t MetricCounts::*field;
};

constexpr std::array<Family, 5> kCounters = {{
    {"count_total", "Count", "API requests", &MetricCounts::count},
    {"4xx_errors_total", "4XXError", "client errors (4XX) answered", &MetricCounts::client_errors},
    {"5xx_errors_total", "5XXError", "server errors (5XX) answered", &MetricCounts::server_errors},
    {"cache_hits_total", "CacheHitCount", "answers served from the stage cache",
     &MetricCounts::cache_hits},
    {"cache_misses_total", "CacheMissCount", "requests a stage cache could not answer",
     &MetricCounts::cache_misses},
}};

std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// A sample value: integers as integers, others in the shortest form that reads back.
std::string number(double v) {
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  double back = 0;
  for (int digits = 1; digits <= 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, v);
    if (std::sscanf(shorter, "%lf", &back) == 1 && back == v) {
      return shorter;
    }
  }
  return buf;
}

std::string millis(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1000);
  return buf;
}

}  // namespace

const char* cache_word(CacheOutcome c) {
  switch (c) {
    case CacheOutcome::Hit:
      return "hit";
    case CacheOutcome::Miss:
      return "miss";
    case CacheOutcome::None:
      break;
  }
  return nullptr;
}

std::string decisions_text(const RequestLog& log) {
  std::string out;
  if (const char* c = cache_word(log.cache)) {
    out = std::string("cache ") + c;
  }
  for (const std::string* part : {&log.authorizer, &log.reason}) {
    if (!part->empty()) {
      out += (out.empty() ? "" : "; ") + *part;
    }
  }
  return out;
}

void LatencyHistogram::add(double seconds) {
  seconds = std::max(0.0, seconds);
  // The first bound at or above the value (a bucket counts what is <= its bound).
  const size_t i = static_cast<size_t>(std::lower_bound(kBounds.begin(), kBounds.end(), seconds) -
                                       kBounds.begin());
  ++buckets_[i];
  ++count_;
  sum_ += seconds;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) {
    buckets_[i] += other.buckets_[i];
  }
  count_ += other.count_;
  sum_ += other.sum_;
}

uint64_t LatencyHistogram::cumulative(size_t i) const {
  uint64_t n = 0;
  for (size_t j = 0; j <= i && j < buckets_.size(); ++j) {
    n += buckets_[j];
  }
  return n;
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) {
    return 0;
  }
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_);
  uint64_t below = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    const uint64_t here = buckets_[i];
    if (static_cast<double>(below + here) >= rank && here > 0) {
      const double lower = i == 0 ? 0 : kBounds[i - 1];
      return lower +
             (kBounds[i] - lower) * (rank - static_cast<double>(below)) / static_cast<double>(here);
    }
    below += here;
  }
  return kBounds.back();  // the rank is in the +Inf bucket
}

void MetricCounts::add(const RequestLog& log) {
  ++count;
  client_errors += log.status >= 400 && log.status < 500 ? 1 : 0;
  server_errors += log.status >= 500 ? 1 : 0;
  cache_hits += log.cache == CacheOutcome::Hit ? 1 : 0;
  cache_misses += log.cache == CacheOutcome::Miss ? 1 : 0;
  latency.add(log.latency_ms / 1000);
  if (log.integration_latency_ms >= 0) {
    integration_latency.add(log.integration_latency_ms / 1000);
  }
}

void MetricCounts::merge(const MetricCounts& other) {
  count += other.count;
  client_errors += other.client_errors;
  server_errors += other.server_errors;
  cache_hits += other.cache_hits;
  cache_misses += other.cache_misses;
  latency.merge(other.latency);
  integration_latency.merge(other.integration_latency);
}

ServeMetrics::ServeMetrics(std::chrono::steady_clock::time_point started) : started_(started) {}

void ServeMetrics::set_api(const model::Api& api) {
  const bool http = api.type == model::ApiType::Http;
  decltype(detailed_) detailed;
  for (const model::StageConfig& stage : api.gw.stages) {
    for (const model::Operation& op : api.operations) {
      const model::MethodSetting* s = limits::find_method_setting(
          stage, op, !http,
          [](const model::MethodSetting& m) { return m.metrics_enabled.has_value(); });
      if (s != nullptr && *s->metrics_enabled) {
        detailed.emplace(stage.name, http ? "" : op.method, http ? op.route_key : op.path);
      }
    }
  }
  std::lock_guard lock(mu_);
  api_label_ = http ? pipeline::derive_api_id(api.title) : api.title;
  http_api_ = http;
  detailed_ = std::move(detailed);
}

void ServeMetrics::count(const RequestLog& log) {
  if (log.stage.empty()) {
    return;
  }
  std::lock_guard lock(mu_);
  if (history_) {
    remember(log);
  }
  series({log.stage, log.canary, "", ""}).add(log);
  if (detailed_.empty() || log.resource_path.empty()) {
    return;
  }
  // Only methods with detailed metrics get series of their own: a client sending made-up
  // methods to an ANY method cannot grow the table.
  const std::string_view method = http_api_ ? "" : std::string_view(log.method);
  for (const std::string_view m : {method, std::string_view(http_api_ ? "" : "ANY")}) {
    using View = std::tuple<std::string_view, std::string_view, std::string_view>;
    if (detailed_.find(View{log.stage, m, log.resource_path}) != detailed_.end()) {
      series({log.stage, log.canary, m, log.resource_path}).add(log);
      return;
    }
  }
}

MetricCounts& ServeMetrics::series(const KeyView& key) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    const auto& [stage, canary, method, resource] = key;
    it = by_key_.emplace(Key{stage, canary, method, resource}, MetricCounts{}).first;
  }
  return it->second;
}

void ServeMetrics::keep_history(bool on) {
  std::lock_guard lock(mu_);
  history_ = on;
  slots_.assign(on ? kSlots : 0, Slot{});
  recent_.clear();
  recent_next_ = 0;
}

void ServeMetrics::remember(const RequestLog& log) {
  const int64_t index = log.request_time_epoch / (kSlotSeconds * 1000);
  Slot& slot = slots_[static_cast<size_t>(index) % kSlots];
  if (slot.index != index) {
    slot = Slot{};
    slot.index = index;
  }
  slot.total.add(log);
  // "stage METHOD /resource" (HTTP APIs: "stage ROUTE"), built in a reused buffer.
  std::string& key = route_key_;
  key.assign(log.stage).push_back(' ');
  if (log.resource_path.empty()) {
    key += "(no route)";
  } else if (!http_api_) {
    key.append(log.method).push_back(' ');
  }
  key += log.resource_path;
  auto it = slot.routes.find(key);
  if (it == slot.routes.end()) {
    if (slot.routes.size() >= kMaxRoutes) {
      key.assign(log.stage).append(" (other)");
    }
    it = slot.routes.try_emplace(key).first;
  }
  it->second.add(log);

  // The ring's entries are overwritten in place: once it is full, their strings' capacity is
  // reused and remembering a request allocates nothing.
  if (recent_.size() < kRecent) {
    recent_.emplace_back();
  }
  RecentRequest& r = recent_[recent_next_];
  recent_next_ = (recent_next_ + 1) % kRecent;
  r.epoch_ms = log.request_time_epoch;
  r.method.assign(log.method);
  r.path.assign(log.path);
  r.stage.assign(log.stage);
  r.route.assign(log.resource_path.empty() ? std::string_view()
                                           : std::string_view(key).substr(log.stage.size() + 1));
  r.status = log.status;
  r.latency_ms = log.latency_ms;
  r.request_id.assign(log.request_id);
  r.decisions = decisions_text(log);
  r.trace.clear();
  const size_t lines = std::min(log.trace.size(), kMaxTraceLines);
  for (size_t i = 0; i < lines; ++i) {
    if (i > 0) {
      r.trace.push_back('\n');
    }
    r.trace += log.trace[i];
  }
}

std::string ServeMetrics::dashboard_json(int64_t now_ms) const {
  std::lock_guard lock(mu_);
  auto ms = [](double seconds) { return number(std::round(seconds * 1e6) / 1000); };
  auto counters = [&](JsonWriter& w, const MetricCounts& c) {
    w.key("count").number(static_cast<long long>(c.count));
    w.key("4xx").number(static_cast<long long>(c.client_errors));
    w.key("5xx").number(static_cast<long long>(c.server_errors));
    w.key("cacheHits").number(static_cast<long long>(c.cache_hits));
    w.key("cacheMisses").number(static_cast<long long>(c.cache_misses));
    w.key("p50Ms").raw(ms(c.latency.quantile(0.5)));
    w.key("p99Ms").raw(ms(c.latency.quantile(0.99)));
  };
  JsonWriter w;
  w.begin_object();
  w.key("api").string(api_label_);
  w.key("slotSeconds").number(kSlotSeconds);
  const int64_t last = now_ms / (kSlotSeconds * 1000);
  const int64_t first = last - static_cast<int64_t>(kSlots) + 1;
  // Each route's totals over the window, and its slots (nullptr where it had no request).
  struct RouteWindow {
    MetricCounts total;
    std::vector<const MetricCounts*> slots = std::vector<const MetricCounts*>(kSlots, nullptr);
  };
  std::map<std::string, RouteWindow> routes;
  w.key("series").begin_array();
  for (int64_t i = first; i <= last; ++i) {
    const Slot* slot = nullptr;
    if (history_ && i >= 0) {
      const Slot& s = slots_[static_cast<size_t>(i) % kSlots];
      slot = s.index == i ? &s : nullptr;
    }
    w.begin_object();
    w.key("t").number(static_cast<long long>(i * kSlotSeconds * 1000));
    counters(w, slot ? slot->total : MetricCounts{});
    w.end_object();
    if (slot != nullptr) {
      for (const auto& [name, c] : slot->routes) {
        RouteWindow& r = routes[name];
        r.total.merge(c);
        r.slots[static_cast<size_t>(i - first)] = &c;
      }
    }
  }
  w.end_array();
  w.key("routes").begin_array();
  for (const auto& [name, r] : routes) {
    w.begin_object();
    w.key("route").string(name);
    counters(w, r.total);
    // Per slot, oldest first, as [requests, 4XX + 5XX, p99 ms]: the route's own charts.
    w.key("series").begin_array();
    for (const MetricCounts* c : r.slots) {
      w.begin_array();
      w.number(c ? static_cast<long long>(c->count) : 0);
      w.number(c ? static_cast<long long>(c->client_errors + c->server_errors) : 0);
      w.raw(ms(c ? c->latency.quantile(0.99) : 0));
      w.end_array();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("recent").begin_array();
  for (size_t n = 0; n < recent_.size(); ++n) {  // newest first
    const RecentRequest& r = recent_[(recent_next_ + recent_.size() - 1 - n) % recent_.size()];
    w.begin_object();
    w.key("time").number(static_cast<long long>(r.epoch_ms));
    w.key("method").string(r.method);
    w.key("path").string(r.path);
    w.key("stage").string(r.stage);
    w.key("route").string(r.route);
    w.key("status").number(r.status);
    w.key("latencyMs").raw(number(std::round(r.latency_ms * 1000) / 1000));
    w.key("requestId").string(r.request_id);
    w.key("decisions").string(r.decisions);
    w.key("trace").begin_array();
    for (size_t at = 0; at < r.trace.size();) {
      const size_t end = std::min(r.trace.find('\n', at), r.trace.size());
      w.string(std::string_view(r.trace).substr(at, end - at));
      at = end + 1;
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::vector<MetricSeries> ServeMetrics::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<MetricSeries> totals;
  std::vector<MetricSeries> methods;
  for (const auto& [key, counts] : by_key_) {
    const auto& [stage, canary, method, resource] = key;
    auto& into = resource.empty() ? totals : methods;
    into.push_back({stage, canary, method, resource, counts});
  }
  totals.insert(totals.end(), methods.begin(), methods.end());
  return totals;
}

std::string ServeMetrics::prometheus(size_t open_connections) const {
  const std::vector<MetricSeries> all = snapshot();
  std::string api;
  bool http = false;
  {
    std::lock_guard lock(mu_);
    api = api_label_;
    http = http_api_;
  }
  auto labels = [&](const MetricSeries& s, std::string_view extra = {}) {
    std::string out = "{api=\"" + escape_label(api) + "\",stage=\"" + escape_label(s.stage) +
                      "\",canary=\"" + (s.canary ? "true" : "false") + "\"";
    if (!s.resource.empty()) {
      out += http ? ",route=\"" + escape_label(s.resource) + "\""
                  : ",method=\"" + escape_label(s.method) + "\",resource=\"" +
                        escape_label(s.resource) + "\"";
    }
    out += extra;
    return out + "}";
  };
  std::string out;
  // Stage totals as gw_*, methods with detailed metrics as gw_method_*: one label set per
  // family, so sum() over a family never counts a request twice.
  for (const bool per_method : {false, true}) {
    const std::string prefix = per_method ? "gw_method_" : "gw_";
    const char* scope = per_method ? " of one method with detailed metrics" : " of a stage";
    auto in_scope = [&](const MetricSeries& s) { return s.resource.empty() != per_method; };
    if (per_method && std::none_of(all.begin(), all.end(), in_scope)) {
      break;
    }
    for (const Family& f : kCounters) {
      out += "# HELP " + prefix + f.name + " CloudWatch " + f.cloudwatch + ": " + f.help + scope +
             ".\n# TYPE " + prefix + f.name + " counter\n";
      for (const MetricSeries& s : all) {
        if (in_scope(s)) {
          out += prefix + f.name + labels(s) + " " + std::to_string(s.counts.*(f.field)) + "\n";
        }
      }
    }
    struct Histogram {
      const char* name;
      const char* cloudwatch;
      const char* help;
      LatencyHistogram MetricCounts::*field;
    };
    static constexpr std::array<Histogram, 2> kHistograms = {{
        {"latency_seconds", "Latency", "from the request's arrival to the answer",
         &MetricCounts::latency},
        {"integration_latency_seconds", "IntegrationLatency", "from the backend call to its answer",
         &MetricCounts::integration_latency},
    }};
    for (const Histogram& h : kHistograms) {
      out += "# HELP " + prefix + h.name + " CloudWatch " + h.cloudwatch +
             " in seconds: " + h.help + scope + ".\n# TYPE " + prefix + h.name + " histogram\n";
      for (const MetricSeries& s : all) {
        if (!in_scope(s)) {
          continue;
        }
        const LatencyHistogram& hist = s.counts.*(h.field);
        for (size_t i = 0; i <= LatencyHistogram::kBounds.size(); ++i) {
          const std::string le = i < LatencyHistogram::kBounds.size()
                                     ? number(LatencyHistogram::kBounds[i])
                                     : std::string("+Inf");
          out += prefix + h.name + "_bucket" + labels(s, ",le=\"" + le + "\"") + " " +
                 std::to_string(hist.cumulative(i)) + "\n";
        }
        out += prefix + h.name + "_sum" + labels(s) + " " + number(hist.sum()) + "\n";
        out += prefix + h.name + "_count" + labels(s) + " " + std::to_string(hist.count()) + "\n";
      }
    }
  }
  out +=
      "# HELP gw_open_connections Client connections open now (HTTP and WebSocket).\n"
      "# TYPE gw_open_connections gauge\n"
      "gw_open_connections " +
      std::to_string(open_connections) + "\n";
  const double up =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  out +=
      "# HELP gw_uptime_seconds Seconds since gw serve started.\n"
      "# TYPE gw_uptime_seconds gauge\n"
      "gw_uptime_seconds " +
      number(std::floor(up * 1000) / 1000) + "\n";
  return out;
}

std::string ServeMetrics::json() const {
  const std::vector<MetricSeries> all = snapshot();
  JsonWriter w;
  w.begin_object();
  {
    std::lock_guard lock(mu_);
    w.key("api").string(api_label_);
    w.key("apiType").string(http_api_ ? "HTTP" : "REST");
  }
  const double up =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  w.key("uptimeSeconds").raw(number(std::floor(up * 1000) / 1000));
  // Milliseconds with a microsecond's precision, as JSON text.
  auto ms = [](double seconds) { return number(std::round(seconds * 1e6) / 1000); };
  auto latency = [&w, &ms](const char* name, const LatencyHistogram& h) {
    w.key(name).begin_object();
    w.key("count").number(static_cast<long long>(h.count()));
    w.key("averageMs").raw(ms(h.count() ? h.sum() / static_cast<double>(h.count()) : 0.0));
    w.key("p50Ms").raw(ms(h.quantile(0.5)));
    w.key("p90Ms").raw(ms(h.quantile(0.9)));
    w.key("p99Ms").raw(ms(h.quantile(0.99)));
    w.end_object();
  };
  for (const bool per_method : {false, true}) {
    w.key(per_method ? "methods" : "stages").begin_array();
    for (const MetricSeries& s : all) {
      if (s.resource.empty() == per_method) {
        continue;
      }
      w.begin_object();
      w.key("stage").string(s.stage);
      w.key("canary").boolean(s.canary);
      if (per_method) {
        if (!s.method.empty()) {
          w.key("method").string(s.method);
          w.key("resource").string(s.resource);
        } else {
          w.key("route").string(s.resource);
        }
      }
      w.key("Count").number(static_cast<long long>(s.counts.count));
      w.key("4XXError").number(static_cast<long long>(s.counts.client_errors));
      w.key("5XXError").number(static_cast<long long>(s.counts.server_errors));
      w.key("CacheHitCount").number(static_cast<long long>(s.counts.cache_hits));
      w.key("CacheMissCount").number(static_cast<long long>(s.counts.cache_misses));
      latency("Latency", s.counts.latency);
      latency("IntegrationLatency", s.counts.integration_latency);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return w.take();
}

std::vector<std::string> ServeMetrics::summary_lines() const {
  std::vector<std::string> out;
  for (const MetricSeries& s : snapshot()) {
    if (!s.resource.empty()) {
      continue;
    }
    const MetricCounts& c = s.counts;
    std::string line = "metrics " + s.stage + (s.canary ? " (canary)" : "") + ": Count " +
                       std::to_string(c.count) + ", 4XXError " + std::to_string(c.client_errors) +
                       ", 5XXError " + std::to_string(c.server_errors) + ", Latency p50 " +
                       millis(c.latency.quantile(0.5)) + " p99 " + millis(c.latency.quantile(0.99));
    if (c.cache_hits + c.cache_misses > 0) {
      line += ", CacheHitCount " + std::to_string(c.cache_hits) + ", CacheMissCount " +
              std::to_string(c.cache_misses);
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace gw::observe
