#include "core/pipeline/cache_step.h"

#include <algorithm>

#include "core/base/strings.h"
#include "core/limits/plans.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/value_expr.h"

namespace gw::pipeline {

namespace {

constexpr int kDefaultTtl = 300;
constexpr int kMaxTtl = 3600;
constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;
// Response headers that belong to one request, never to a cached entry.
constexpr std::string_view kPerRequestHeaders[] = {"x-amzn-RequestId", "x-amz-apigw-id",
                                                   "apigw-requestid", "Date"};

// The loader accepts only API Gateway's three names.
CacheControlStrategy cache_control_strategy(std::string_view name) {
  if (name == "FAIL_WITH_403") {
    return CacheControlStrategy::FailWith403;
  }
  if (name == "SUCCEED_WITHOUT_RESPONSE_HEADER") {
    return CacheControlStrategy::SucceedWithoutResponseHeader;
  }
  return CacheControlStrategy::SucceedWithResponseHeader;
}

}  // namespace

struct CacheStep::Method {
  std::string name;  ///< route key, "GET /events/{id}"
  std::string key_prefix;
  int ttl = kDefaultTtl;
  bool require_auth = true;
  CacheControlStrategy unauthorized = CacheControlStrategy::SucceedWithResponseHeader;
  /// cacheKeyParameters, compiled: only method.request.{path,querystring,header}.X key a cache.
  std::vector<ValueExpr> key_params;
  mutable std::atomic<uint64_t> hits{0};
  mutable std::atomic<uint64_t> misses{0};
};

struct CacheStep::Stage {
  explicit Stage(std::shared_ptr<cache::StageCache> c)
      : cache_ptr(std::move(c)), cache(*cache_ptr) {}
  std::shared_ptr<cache::StageCache> cache_ptr;  ///< shared with a canary using the stage cache
  cache::StageCache& cache;
  std::vector<std::unique_ptr<Method>> methods;  ///< by operation index; nullptr = not cached
};

CacheStep::CacheStep(const model::Api& api, const CacheStep* share)
    : api_(api), first_op_(api.operations.data()) {
  if (api.type != model::ApiType::Rest) {
    return;  // HTTP and WebSocket APIs have no stage cache
  }
  for (const model::StageConfig& sc : api.gw.stages) {
    if (!sc.cache_enabled) {
      continue;
    }
    std::shared_ptr<cache::StageCache> store;
    if (share != nullptr) {
      if (auto it = share->stages_.find(sc.name); it != share->stages_.end()) {
        store = it->second->cache_ptr;  // useStageCache: the canary reads the stage's cache
      }
    }
    if (store == nullptr) {
      store = std::make_shared<cache::StageCache>(
          static_cast<size_t>(std::max(0.0, sc.cache_size_gb) * kBytesPerGb));
    }
    auto stage = std::make_unique<Stage>(std::move(store));
    stage->methods.resize(api.operations.size());
    for (size_t i = 0; i < api.operations.size(); ++i) {
      const model::Operation& op = api.operations[i];
      const model::MethodSetting* own = nullptr;
      for (const auto& [key, s] : sc.method_settings) {
        if (limits::normalise_method_key(key) == op.path + "/" + op.method) {
          own = &s;
        }
      }
      const model::MethodSetting* any = limits::find_method_setting(
          sc, op, true,
          [](const model::MethodSetting& s) { return s.caching_enabled.has_value(); });
      bool enabled = own != nullptr && own->caching_enabled
                         ? *own->caching_enabled
                         : op.method == "GET" && (any == nullptr || *any->caching_enabled);
      const model::MethodSetting* ttl = limits::find_method_setting(
          sc, op, true,
          [](const model::MethodSetting& s) { return s.cache_ttl_seconds.has_value(); });
      auto m = std::make_unique<Method>();
      m->ttl = std::clamp(ttl ? *ttl->cache_ttl_seconds : kDefaultTtl, 0, kMaxTtl);
      if (!enabled || m->ttl == 0) {
        continue;
      }
      const model::MethodSetting* auth =
          limits::find_method_setting(sc, op, true, [](const model::MethodSetting& s) {
            return s.require_authorization_for_cache_control.has_value();
          });
      m->require_auth = auth == nullptr || *auth->require_authorization_for_cache_control;
      const model::MethodSetting* strategy =
          limits::find_method_setting(sc, op, true, [](const model::MethodSetting& s) {
            return !s.unauthorized_cache_control_header_strategy.empty();
          });
      if (strategy != nullptr) {
        m->unauthorized =
            cache_control_strategy(strategy->unauthorized_cache_control_header_strategy);
      }
      m->name = op.method + " " + op.path;
      m->key_prefix = m->name;
      if (op.integration) {
        for (const std::string& text : op.integration->cache_key_parameters) {
          auto p = ValueExpr::parse(text, ValueExpr::Dialect::Rest);
          if (p && (p->source() == ValueExpr::Source::Path ||
                    p->source() == ValueExpr::Source::Query ||
                    p->source() == ValueExpr::Source::Header)) {
            m->key_params.push_back(std::move(*p));
          }
        }
        m->key_prefix += "|" + op.integration->cache_namespace;
      }
      stage->methods[i] = std::move(m);
    }
    stages_[sc.name] = std::move(stage);
  }
}

CacheStep::~CacheStep() = default;

const CacheStep::Method* CacheStep::method_for(const Exchange& ex) const {
  if (!ex.route || stages_.empty()) {
    return nullptr;
  }
  auto it = stages_.find(ex.stage_name);
  size_t index = static_cast<size_t>(ex.route->op - first_op_);
  if (it == stages_.end() || index >= it->second->methods.size()) {
    return nullptr;
  }
  return it->second->methods[index].get();
}

namespace {

std::string cache_key(const Exchange& ex, const std::string& prefix,
                      const std::vector<ValueExpr>& params) {
  std::string key = prefix;
  for (const ValueExpr& p : params) {
    key += "|" + p.text() + "=" + p.eval(ex).value_or("");
  }
  return key;
}

}  // namespace

bool CacheStep::invalidation_requested(const Exchange& ex) const {
  for (std::string_view v : ex.request.headers.get_all("Cache-Control")) {
    for (std::string_view directive : split(v, ',')) {
      if (to_lower(trim(directive)) == "max-age=0") {
        return true;
      }
    }
  }
  return false;
}

bool CacheStep::may_invalidate(const Exchange& ex) const {
  const std::string& access_key = ex.context.identity.access_key;
  if (access_key.empty()) {
    return false;
  }
  for (const auto& [name, id] : api_.gw.identities) {
    if (id.access_key_id != access_key) {
      continue;
    }
    return std::any_of(id.allow.begin(), id.allow.end(), [](const std::string& a) {
      return a == "*" || a == "execute-api:*" || a == "execute-api:InvalidateCache";
    });
  }
  return false;
}

Flow CacheStep::on_request(Exchange& ex) const {
  const Method* m = method_for(ex);
  if (m == nullptr) {
    return Flow::Continue;
  }
  if (invalidation_requested(ex)) {
    if (!m->require_auth || may_invalidate(ex)) {
      ex.trace("cache: ", m->name, ": Cache-Control max-age=0 -> fetching afresh");
      m->misses.fetch_add(1, std::memory_order_relaxed);
      ex.cache = CacheOutcome::Miss;
      return Flow::Continue;
    }
    if (m->unauthorized == CacheControlStrategy::FailWith403) {
      ex.trace("cache: ", m->name, ": unauthorized Cache-Control max-age=0 -> 403");
      return ex.respond(GatewayResponseType::AccessDenied);
    }
    ex.trace("cache: ", m->name, ": unauthorized Cache-Control max-age=0 ignored");
  }
  std::string key = cache_key(ex, m->key_prefix, m->key_params);
  std::optional<Response> hit =
      stages_.find(ex.stage_name)->second->cache.get(key, ex.shared.clock->monotonic());
  if (!hit) {
    m->misses.fetch_add(1, std::memory_order_relaxed);
    ex.cache = CacheOutcome::Miss;
    ex.trace("cache: ", m->name, ": miss (", key, ")");
    return Flow::Continue;
  }
  m->hits.fetch_add(1, std::memory_order_relaxed);
  ex.cache = CacheOutcome::Hit;
  ex.trace("cache: ", m->name, ": hit (", key, ")");
  return ex.respond_with(std::move(*hit));
}

void CacheStep::on_response(Exchange& ex) const {
  const Method* m = method_for(ex);
  if (m == nullptr) {
    return;
  }
  bool unauthorized = invalidation_requested(ex) && m->require_auth && !may_invalidate(ex);
  if (unauthorized && m->unauthorized == CacheControlStrategy::SucceedWithResponseHeader) {
    ex.response.headers.set("Warning",
                            "199 gw \"Cache-Control max-age=0 ignored: not authorized\"");
  }
  // Only a fresh integration answer is stored: not a hit, not a gateway error.
  bool from_integration = ex.integration_response.has_value();
  if (!from_integration || !ex.context.error_response_type.empty() || ex.response.status < 200 ||
      ex.response.status > 299) {
    return;
  }
  Response stored = ex.response;
  for (std::string_view h : kPerRequestHeaders) {
    stored.headers.remove(h);
  }
  stored.headers.remove("Warning");
  std::string key = cache_key(ex, m->key_prefix, m->key_params);
  stages_.find(ex.stage_name)
      ->second->cache.put(key, std::move(stored),
                          ex.shared.clock->monotonic() + std::chrono::seconds(m->ttl));
  if (ex.tracing()) {
    ex.trace("cache: ", m->name, ": stored for ", std::to_string(m->ttl), " s");
  }
}

std::vector<CacheMetric> CacheStep::metrics() const {
  std::vector<CacheMetric> out;
  for (const auto& [name, stage] : stages_) {
    for (const auto& m : stage->methods) {
      if (m == nullptr) {
        continue;
      }
      uint64_t hits = m->hits.load();
      uint64_t misses = m->misses.load();
      if (hits + misses > 0) {
        out.push_back({name, m->name, hits, misses});
      }
    }
  }
  return out;
}

const cache::StageCache* CacheStep::stage_cache(const std::string& stage) const {
  auto it = stages_.find(stage);
  return it == stages_.end() ? nullptr : &it->second->cache;
}

}  // namespace gw::pipeline
