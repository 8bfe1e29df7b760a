#include "core/lint/probe/probe.h"

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <tuple>
#include <utility>

#include "core/base/clock.h"
#include "core/base/strings.h"
#include "core/integrations/lambda_call.h"
#include "core/integrations/lambda_proxy.h"
#include "core/integrations/lambda_response.h"
#include "core/lambda/function_manager.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/gateway_response.h"
#include "core/pipeline/route_step.h"
#include "core/pipeline/stage_match.h"

namespace gw::lint {
namespace {

constexpr std::string_view kOrigin = "http://localhost:3000";
constexpr size_t kParallelProbes = 4;

/// A sample value for path parameter `name`: "1" for ids, "example" otherwise.
std::string sample_value(std::string_view name) {
  return to_lower(name).find("id") != std::string::npos ? "1" : "example";
}

/// "/pets/{id}/{proxy+}" -> "/pets/1/example/path"; "$default" and "/$default" -> a path no
/// other route is likely to take.
std::string sample_path(const model::Operation& op) {
  if (op.route_key == "$default" || op.path == "/$default" || op.path == "$default") {
    return "/gw-lint-probe";
  }
  std::string out;
  const std::string& p = op.path;
  for (size_t i = 0; i < p.size(); ++i) {
    const size_t close = p[i] == '{' ? p.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out.push_back(p[i]);
      continue;
    }
    std::string_view name(p.data() + i + 1, close - i - 1);
    out += name.ends_with('+') ? "example/path" : sample_value(name);
    i = close;
  }
  return out.empty() ? "/" : out;
}

/// The method to send: the operation's own; for ANY the first of GET, POST, PUT, PATCH, DELETE
/// that no other operation on the same path declares (so the route is this one).
std::string sample_method(const model::Api& api, const model::Operation& op) {
  if (op.method != "ANY") {
    return op.method;
  }
  for (std::string_view m : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    const bool taken =
        std::any_of(api.operations.begin(), api.operations.end(),
                    [&](const auto& o) { return o.path == op.path && o.method == m; });
    if (!taken) {
      return std::string(m);
    }
  }
  return "GET";
}

Request sample_request(const model::Api& api, const model::Operation& op,
                       std::string_view base_path) {
  Request r;
  r.method = sample_method(api, op);
  r.path = std::string(base_path) + sample_path(op);
  r.headers.add("Host", "localhost:3000");
  r.headers.add("Accept", "application/json");
  r.headers.add("Origin", std::string(kOrigin));
  r.headers.add("User-Agent", "gw-lint-probe");
  if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    r.headers.add("Content-Type", "application/json");
    r.body = "{}";
  }
  return r;
}

/// Lambda's init phase may take this long before the function's own timeout starts (a cold
/// start behind a slow interpreter shim, such as pyenv's, takes more than a second).
constexpr std::chrono::milliseconds kInitLimit{10000};

/// The invocation's bound: the function's own timeout (which starts once the event reaches the
/// worker, after its init phase), the integration's timeout, and the cap, whichever comes first.
std::chrono::milliseconds bound(const model::FunctionConfig& fn, const model::Integration& i,
                                std::chrono::milliseconds cap) {
  const std::chrono::milliseconds fn_limit =
      std::chrono::milliseconds(static_cast<int64_t>(fn.timeout_seconds) * 1000) + kInitLimit;
  return std::min({fn_limit, std::chrono::milliseconds(i.timeout_ms), cap});
}

constexpr size_t npos = std::string::npos;

/// The outcome and "raised ValueError: boom" from a Lambda error document.
std::pair<ProbeResult::Outcome, std::string> describe_function_error(const std::string& payload) {
  using Outcome = ProbeResult::Outcome;
  const nlohmann::json doc = nlohmann::json::parse(payload, nullptr, false);
  if (!doc.is_object()) {
    return {Outcome::FunctionError, "failed: " + payload};
  }
  auto text = [&doc](const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string type = text("errorType");
  std::string message = text("errorMessage");
  // Findings must read the same run to run: drop the time stamps and request ids Lambda adds.
  if (size_t at = message.find("Task timed out"); at != npos) {
    return {Outcome::FunctionError, "timed out (" + message.substr(at) + ")"};
  }
  if (size_t at = message.find(" Error: "); message.starts_with("RequestId: ") && at != npos) {
    message.erase(0, at + 8);
  }
  if (type.empty()) {
    return {Outcome::FunctionError, "failed: " + (message.empty() ? payload : message)};
  }
  if (type == "Runtime.ExitError") {
    return {Outcome::FunctionError, "crashed (" + message + ")"};
  }
  if (type.starts_with("Runtime.") || type.starts_with("Init")) {
    return {Outcome::CannotStart, "could not start: " + type + ": " + message};
  }
  return {Outcome::FunctionError, "raised " + type + ": " + message};
}

/// Everything probing one API needs: the synthetic exchanges' shared state and the two steps
/// that route them.
struct ApiProbe {
  ApiProbe(const model::Api& a, lambda::LambdaInvoker& invoker, Clock* clock)
      : api(a), responses(a), stage(a, ""), route(a), random(std::random_device{}()) {
    shared.api = &api;
    shared.responses = &responses;
    shared.clock = clock != nullptr ? clock : &system_clock;
    shared.random = &random;
    shared.lambda = &invoker;
    shared.api_id = pipeline::derive_api_id(api.title);
  }
  const model::Api& api;
  pipeline::GatewayResponses responses;
  pipeline::StageMatch stage;
  pipeline::RouteStep route;
  SystemClock system_clock;
  SeededRandom random;
  pipeline::GatewayShared shared;
};

/// Probes one operation; nullopt when it is not a probe-able Lambda proxy operation.
std::optional<ProbeResult> probe_operation(ApiProbe& p, size_t index, std::chrono::milliseconds cap,
                                           std::atomic<size_t>& invocations) {
  const model::Operation& op = p.api.operations[index];
  const bool http_api = p.api.type == model::ApiType::Http;
  const Request request = sample_request(p.api, op, p.stage.stages().front().base_path);
  pipeline::Exchange ex(request, p.shared, false);
  if (p.stage.on_request(ex) != pipeline::Flow::Continue ||
      p.route.on_request(ex) != pipeline::Flow::Continue || !ex.route || ex.route->op != &op) {
    return std::nullopt;  // another route takes the sample path: nothing sound to send
  }
  integrations::LambdaProxyIntegration proxy(p.api, *op.integration);
  auto fn = proxy.resolve(ex);
  if (!fn) {
    return std::nullopt;  // not a local function (the resolver says how to map it)
  }
  ProbeResult r;
  r.op_index = index;
  r.function = (*fn)->name;
  r.payload_version = http_api && op.integration->payload_format_version != "1.0" ? "2.0" : "1.0";
  ++invocations;
  const std::chrono::milliseconds limit = bound(**fn, *op.integration, cap);
  auto out = integrations::call_function(ex, p.api, **fn, proxy.event_for(ex), limit);
  if (!out) {
    const bool timeout = out.error().kind == ErrorKind::Timeout;
    r.outcome = timeout ? ProbeResult::Outcome::Timeout : ProbeResult::Outcome::CannotStart;
    r.integration_timeout = timeout && limit.count() == op.integration->timeout_ms;
    r.detail = !timeout ? "could not start: " + out.error().message
                        : "did not answer within " + std::to_string(limit.count()) + " ms" +
                              (r.integration_timeout ? " (timeoutInMillis)" : " (gw lint's limit)");
    return r;
  }
  r.payload = out->payload;
  if (out->function_error) {
    std::tie(r.outcome, r.detail) = describe_function_error(out->payload);
    return r;
  }
  integrations::ProxyResponseRules rules{http_api, r.payload_version == "2.0",
                                         p.api.binary_media_types, "application/json"};
  auto response = integrations::parse_lambda_proxy_response(out->payload, rules);
  if (!response) {
    r.outcome = ProbeResult::Outcome::BadShape;
    r.detail = response.error().message;
    return r;
  }
  r.response = std::move(*response);
  return r;
}

/// Calls fn(0..count-1) on up to kParallelProbes threads (this one included).
template <class Fn>
void for_each_parallel(size_t count, const Fn& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < count; k = next++) {
      fn(k);
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < std::min(count, kParallelProbes); ++t) {
    threads.emplace_back(work);
  }
  work();
  for (auto& t : threads) {
    t.join();
  }
}

bool is_probe_candidate(const model::Api& api, const model::Operation& op) {
  // HTTP APIs' AWS_PROXY with an integrationSubtype calls SQS, EventBridge...: not a function.
  return api.type != model::ApiType::WebSocket && op.integration &&
         op.integration->type == model::IntegrationType::AwsProxy &&
         op.integration->integration_subtype.empty();
}

}  // namespace

Prober::Prober(ProbeOptions options) : options_(options) {}

Prober::~Prober() { shutdown(); }

void Prober::shutdown() { functions_.reset(); }

std::vector<std::string> Prober::take_notes() { return std::exchange(notes_, {}); }

const std::vector<ProbeResult>& Prober::results(const Input& in) {
  const std::string file = in.file ? *in.file : std::string();
  auto it = by_file_.find(file);
  if (it == by_file_.end()) {
    it = by_file_.emplace(file, probe_api(*in.api, file)).first;
  }
  return it->second;
}

std::vector<ProbeResult> Prober::probe_api(const model::Api& api, const std::string& file) {
  std::vector<size_t> candidates;
  for (size_t i = 0; i < api.operations.size(); ++i) {
    if (is_probe_candidate(api, api.operations[i])) {
      candidates.push_back(i);
    }
  }
  if (candidates.empty() || api.gw.functions.empty()) {
    notes_.push_back(file + ": no local Lambda functions (x-gw.functions) behind Lambda proxy " +
                     "integrations: nothing to probe");
    return {};
  }
  if (!functions_) {
    lambda::FunctionManagerOptions fm;
    fm.log_cold_starts = false;
    functions_ = std::make_unique<lambda::FunctionManager>(fm);
  }
  ApiProbe probe(api, *functions_, options_.clock);
  // Cold starts dominate: probe a few operations at once (results keep the document order).
  std::vector<std::optional<ProbeResult>> slots(candidates.size());
  std::atomic<size_t> invoked{0};
  std::atomic<bool> failed{false};
  for_each_parallel(candidates.size(), [&](size_t k) {
    try {
      slots[k] = probe_operation(probe, candidates[k], options_.max_timeout, invoked);
    } catch (const std::exception&) {
      failed = true;  // a bug or out of memory: that operation goes unprobed, said below
    }
  });
  invocations_ += invoked;
  std::vector<ProbeResult> out;
  for (auto& slot : slots) {
    if (slot) {
      out.push_back(std::move(*slot));
    }
  }
  if (failed) {
    notes_.push_back(file + ": internal error while probing: some operations were not probed");
  }
  if (invoked == 0) {
    notes_.push_back(file + ": no Lambda proxy integration names a function of x-gw.functions: " +
                     "nothing to probe");
  }
  return out;
}

}  // namespace gw::lint
