#include "core/pipeline/gateway.h"

#include <exception>
#include <optional>

#include "core/pipeline/access_line.h"
#include "core/pipeline/api_key_step.h"
#include "core/pipeline/authorizer_step.h"
#include "core/pipeline/body_size.h"
#include "core/pipeline/cache_step.h"
#include "core/pipeline/cors_step.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/execution_log.h"
#include "core/pipeline/gateway_response.h"
#include "core/pipeline/integration_request.h"
#include "core/pipeline/integration_response.h"
#include "core/pipeline/integration_step.h"
#include "core/pipeline/throttle_step.h"
#include "core/pipeline/validation_step.h"
#include "core/integrations/aws_sink.h"
#include "core/integrations/recording_clients.h"
#include "core/limits/state_store.h"
#include "core/pipeline/mapping_templates.h"
#include "core/pipeline/method_response.h"
#include "core/pipeline/resource_policy_step.h"
#include "core/pipeline/route_step.h"
#include "core/pipeline/stage_match.h"
#include "core/pipeline/trace_segment.h"

namespace gw {

using pipeline::Exchange;
using pipeline::Flow;
using pipeline::Step;

struct Gateway::Impl {
  Impl(std::shared_ptr<const model::Api> a, GatewayDeps d, GatewayOptions o)
      : api(std::move(a)), deps(d), options(std::move(o)), responses(*api), templates(*api) {
    shared.api = api.get();
    shared.responses = &responses;
    shared.clock = deps.clock;
    shared.random = deps.random;
    shared.templates = &templates;
    shared.api_id = pipeline::derive_api_id(api->title);
    wrap_clients();
    build_steps();
    access_lines.emplace(*api, warnings);
    execution_logs.emplace(*api);
  }

  // Recording as a decorator on every client (recording_clients.h); missing ones get an
  // in-memory default, so nothing this Gateway does touches a file unless the driver asks.
  void wrap_clients() {
    if (deps.http != nullptr) {
      shared.http = &http.emplace(*deps.http, *deps.clock);
    }
    if (deps.lambda != nullptr) {
      shared.lambda = &lambda.emplace(*deps.lambda, *deps.clock);
    }
    if (deps.aws == nullptr) {
      own_aws = std::make_unique<integrations::AwsSink>("", *deps.clock, *deps.random);
    }
    shared.aws_sink = &aws.emplace(deps.aws != nullptr ? *deps.aws : *own_aws);
    if (deps.store == nullptr) {
      own_store = std::make_unique<limits::MemoryStateStore>();
    }
    store = deps.store != nullptr ? deps.store : own_store.get();
  }

  // x-gw.accountThrottling over API Gateway's default account limits.
  static limits::BucketLimits account_limits(const model::Api& a) {
    limits::BucketLimits l = pipeline::kDefaultAccountLimits;
    if (const auto& t = a.gw.account_throttle) {
      l.rate = t->rate_limit.value_or(l.rate);
      l.burst = t->burst_limit.value_or(l.burst);
    }
    return l;
  }

  // API Gateway's own order (DESIGN.md §2). Later issues insert their steps where named.
  void build_steps() {
    auto stage = std::make_unique<pipeline::StageMatch>(*api, options.only_stage, options.canary,
                                                        options.canary_stages);
    stage_match = stage.get();
    steps.push_back(std::move(stage));
    steps.push_back(std::make_unique<pipeline::BodySize>());
    steps.push_back(std::make_unique<pipeline::RouteStep>(*api));
    steps.push_back(std::make_unique<pipeline::ResourcePolicyStep>(*api, shared.api_id));
    steps.push_back(std::make_unique<pipeline::AuthorizerStep>(
        *api, shared.api_id, model::state_dir_of(*api, options.state_dir)));
    steps.push_back(std::make_unique<pipeline::ApiKeyStep>(*api));
    auto validation = std::make_unique<pipeline::ValidationStep>(*api);
    warnings = templates.warnings();
    warnings.insert(warnings.end(), validation->warnings().begin(), validation->warnings().end());
    steps.push_back(std::move(validation));
    steps.push_back(std::make_unique<pipeline::ThrottleStep>(*api, *store, account_limits(*api)));
    const pipeline::CacheStep* shared_cache =
        options.stage_cache_of != nullptr ? options.stage_cache_of->impl_->cache_step : nullptr;
    auto cache = std::make_unique<pipeline::CacheStep>(*api, shared_cache);  // on_response stores
    cache_step = cache.get();
    steps.push_back(std::move(cache));
    steps.push_back(std::make_unique<pipeline::IntegrationRequest>());
    steps.push_back(std::make_unique<pipeline::IntegrationStep>(*api));
    steps.push_back(std::make_unique<pipeline::IntegrationResponseStep>(*api));
    steps.push_back(std::make_unique<pipeline::MethodResponse>(api->type == model::ApiType::Http));
    steps.push_back(std::make_unique<pipeline::CorsStep>(*api));  // on_response only
    // cache store (on_response)  — goes here
    // the access line is rendered in fill_log; the driver writes it (and metrics)
  }

  void run(Exchange& ex) const {
    const Step* current = nullptr;
    try {
      for (const auto& step : steps) {
        current = step.get();
        if (step->on_request(ex) == Flow::Respond) {
          break;
        }
      }
      if (!ex.has_response) {
        ex.trace("gateway: the pipeline ended without a response");
        ex.respond(pipeline::GatewayResponseType::ApiConfigurationError);
      }
      for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        current = it->get();
        (*it)->on_response(ex);
      }
    } catch (const std::exception& e) {
      backstop(ex, current, e.what());
    } catch (...) {
      backstop(ex, current, "unknown exception");
    }
  }

  static void backstop(Exchange& ex, const Step* step, std::string_view what) noexcept {
    try {
      ex.trace("internal error in step ", step != nullptr ? step->name() : "?", ": ", what);
      ex.respond_fixed(500, "Internal server error", "InternalServerErrorException");
      ex.response.headers.set("x-amzn-RequestId", ex.context.request_id);
    } catch (...) {
      ex.response = Response{500, {}, "{\"message\":\"Internal server error\"}"};
    }
  }

  void fill_log(Exchange& ex, RequestLog& log) const {
    log.request_id = ex.context.request_id;
    log.extended_request_id = ex.context.extended_request_id;
    log.method = ex.request.method;
    log.path = ex.request.path;
    log.stage = ex.stage_name;
    log.resource_path =
        api->type == model::ApiType::Http ? ex.context.route_key : ex.context.resource_path;
    log.status = ex.response.status;
    log.latency_ms =
        std::chrono::duration<double, std::milli>(deps.clock->monotonic() - ex.started).count();
    log.integration_latency_ms = ex.integration_latency_ms;
    log.integration_status = ex.integration_status;
    log.error_type = ex.context.error_response_type;
    log.error_message = ex.context.error_message;
    log.trace = std::move(ex.trace_lines());
    log.request_time_epoch = ex.context.request_time_epoch;
    log.warnings = std::move(ex.warning_lines());
    log.deployment_id = pipeline::deployment_id_of(*api);
    log.canary = options.canary;
    log.cache = ex.cache;
    if (ex.authorizer_run.ran) {
      log.authorizer = std::string(ex.authorizer_run.kind) + " authorizer: " +
                       (ex.authorizer_run.status == 200
                            ? std::string("allow")
                            : std::to_string(ex.authorizer_run.status) + " " +
                                  ex.authorizer_run.error);
    }
    log.reason = ex.reason.empty() && ex.response.status >= 500 ? ex.integration_error
                                                                 : ex.reason;
    log.access_line = access_lines->render(ex, log.latency_ms);
  }

  std::shared_ptr<const model::Api> api;
  GatewayDeps deps;
  GatewayOptions options;
  pipeline::GatewayResponses responses;
  pipeline::MappingTemplates templates;
  std::vector<Error> warnings;  ///< load-time: templates that do not parse, models not compiled
  std::optional<pipeline::AccessLines> access_lines;  ///< per stage, compiled once
  std::optional<pipeline::ExecutionLogs> execution_logs;  ///< per stage and method
  std::unique_ptr<integrations::AwsSink> own_aws;
  std::unique_ptr<limits::MemoryStateStore> own_store;
  std::optional<integrations::RecordingHttpClient> http;
  std::optional<integrations::RecordingLambdaInvoker> lambda;
  std::optional<integrations::RecordingAwsServices> aws;
  limits::StateStore* store = nullptr;
  pipeline::GatewayShared shared;
  const pipeline::StageMatch* stage_match = nullptr;
  const pipeline::CacheStep* cache_step = nullptr;
  std::vector<std::unique_ptr<Step>> steps;
};

Gateway::Gateway(std::shared_ptr<const model::Api> api, GatewayDeps deps, GatewayOptions options)
    : impl_(std::make_unique<Impl>(std::move(api), deps, std::move(options))) {}

Gateway::~Gateway() = default;

Response Gateway::handle(const Request& request, RequestLog* log) const {
  try {
    integrations::CallScope calls;
    Exchange ex(request, impl_->shared, log != nullptr);
    impl_->run(ex);
    if (impl_->deps.xray != nullptr && ex.trace_context.traced()) {
      const std::vector<IntegrationCall>& made = calls.calls();
      const double ms =
          std::chrono::duration<double, std::milli>(impl_->deps.clock->monotonic() - ex.started)
              .count();
      pipeline::send_segment(*impl_->deps.xray, ex, made, ms);
    }
    if (log != nullptr) {
      impl_->fill_log(ex, *log);
      log->calls = calls.take();
      log->execution_log = impl_->execution_logs->render(ex, log->calls);
    }
    return std::move(ex.response);
  } catch (...) {
    // Only reachable when building the exchange itself fails (out of memory).
    return Response{500, {}, "{\"message\":\"Internal server error\"}"};
  }
}

const model::Api& Gateway::api() const { return *impl_->api; }

const std::vector<Error>& Gateway::warnings() const { return impl_->warnings; }

std::vector<CacheCount> Gateway::cache_counts() const {
  std::vector<CacheCount> out;
  for (pipeline::CacheMetric& m : impl_->cache_step->metrics()) {
    out.push_back({std::move(m.stage), std::move(m.method), m.hits, m.misses});
  }
  return out;
}

std::vector<StageEndpoint> Gateway::endpoints() const {
  std::vector<StageEndpoint> out;
  for (const pipeline::ServedStage& s : impl_->stage_match->stages()) {
    out.push_back({s.name, s.base_path});
  }
  return out;
}

std::string Gateway::stage_of(std::string_view path) const {
  const auto& stages = impl_->stage_match->stages();
  const pipeline::ServedStage* s =
      pipeline::match_stage(stages, impl_->api->type != model::ApiType::Http, path);
  return s != nullptr ? s->name : std::string();
}

}  // namespace gw
