#pragma once

/// Stage cache (REST): answers cacheable methods from the stage's cache and stores integration
/// responses on the way out.
///
/// Emulates: a per-stage cache (x-gw.stages[].cache: enabled, sizeGb → LRU capacity); caching
/// per method from `methodSettings` (cachingEnabled, cacheTtlInSeconds: default 300, 0 disables,
/// at most 3600), GET methods only unless a method's own setting enables another; keys made of
/// the method, resource and the integration's `cacheKeyParameters` (method.request.path / query
/// string / header) — without them every caller of a method shares one entry, as on AWS;
/// `Cache-Control: max-age=0` fetches afresh and replaces the entry, and when
/// requireAuthorizationForCacheControl (default true) the caller must be allowed
/// `execute-api:InvalidateCache` (an x-gw identity signing with SigV4), otherwise the
/// unauthorizedCacheControlHeaderStrategy applies (FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER,
/// SUCCEED_WITHOUT_RESPONSE_HEADER). CacheHitCount / CacheMissCount per stage and method.
/// Reads: x-gw.stages[].cache, methodSettings, x-amazon-apigateway-integration
/// cacheKeyParameters / cacheNamespace.
/// A stage's canary deployment has a cache of its own unless its useStageCache is true: then
/// it shares the stage's (same keys, so a canary may answer what the stage cached).
/// Produces: ACCESS_DENIED (FAIL_WITH_403).
/// Differences: only 2xx integration responses are stored; SUCCEED_WITH_RESPONSE_HEADER's header
/// is gw's own (`Warning: 199 ...`), unverified against AWS.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/cache/stage_cache.h"
#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

enum class CacheControlStrategy {
  FailWith403,
  SucceedWithResponseHeader,  ///< API Gateway's default
  SucceedWithoutResponseHeader
};

/// One method's cache counters (CloudWatch CacheHitCount / CacheMissCount).
struct CacheMetric {
  std::string stage;
  std::string method;  ///< "GET /events/{id}"
  uint64_t hits = 0;
  uint64_t misses = 0;
};

class CacheStep final : public Step {
 public:
  /// `share`: a stage's canary with useStageCache uses that step's cache of the same stage
  /// (fact 69); nullptr = caches of its own.
  explicit CacheStep(const model::Api& api, const CacheStep* share = nullptr);
  ~CacheStep() override;
  std::string_view name() const override { return "cache"; }
  Flow on_request(Exchange& ex) const override;
  void on_response(Exchange& ex) const override;

  /// Counters of every cached method with at least one lookup, by stage then method.
  std::vector<CacheMetric> metrics() const;
  /// A stage's cache (nullptr when the stage has none).
  const cache::StageCache* stage_cache(const std::string& stage) const;

 private:
  struct Method;
  struct Stage;
  const Method* method_for(const Exchange& ex) const;
  bool may_invalidate(const Exchange& ex) const;
  bool invalidation_requested(const Exchange& ex) const;

  const model::Api& api_;
  const model::Operation* first_op_;
  std::map<std::string, std::unique_ptr<Stage>, std::less<>> stages_;
};

}  // namespace gw::pipeline
