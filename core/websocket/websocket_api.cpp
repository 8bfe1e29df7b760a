#include "core/websocket/websocket_api.h"

#include <nlohmann/json.hpp>

#include "core/integrations/lambda_uri.h"
#include "core/observe/trace.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/stage_match.h"
#include "core/websocket/connection.h"
#include "core/websocket/events.h"
#include "core/websocket/route_selection.h"

namespace gw::websocket {
namespace {

Response refusal(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

// The stage an upgrade path names ("/prod", "/prod/"), or nullptr.
const pipeline::ServedStage* stage_of(const std::vector<pipeline::ServedStage>& stages,
                                      std::string_view path) {
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
  }
  for (const pipeline::ServedStage& s : stages) {
    if (path == s.base_path || (s.base_path.empty() && path == "/")) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace

WebSocketApi::WebSocketApi(WebSocketDeps deps, WebSocketOptions options, LogSink log)
    : deps_(deps), options_(std::move(options)), log_(std::move(log)) {
  if (options_.reap_interval.count() > 0) {
    reaper_ = std::thread([this] { reap_loop(); });
  }
}

WebSocketApi::~WebSocketApi() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (reaper_.joinable()) {
    reaper_.join();
  }
}

void WebSocketApi::set_api(std::shared_ptr<const model::Api> api) {
  auto s = std::make_shared<Served>();
  s->stages = pipeline::served_stages(*api, options_.only_stage);
  s->api_id = pipeline::derive_api_id(api->title);
  for (const model::WebSocketRoute& r : api->websocket_routes) {
    s->routes.emplace(r.route_key, r);
  }
  s->api = std::move(api);
  served_.store(std::move(s));
}

int64_t WebSocketApi::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             deps_.clock->now().time_since_epoch())
      .count();
}

std::string WebSocketApi::new_id() const { return make_connection_id(*deps_.random); }

// WebSocket APIs have no active tracing (X-Ray traces REST APIs only): Sampled=0 unless the
// client decided.
std::string WebSocketApi::new_trace(std::optional<std::string_view> client) const {
  std::string root = observe::new_trace_root(*deps_.random, deps_.clock->now());
  std::string segment = observe::new_segment_id(*deps_.random);
  return observe::make_trace_context(client, std::move(root), std::move(segment)).value();
}

std::shared_ptr<WebSocketApi::Connection> WebSocketApi::find(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : it->second;
}

std::shared_ptr<WebSocketApi::Connection> WebSocketApi::find_id(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

Outcome WebSocketApi::run(const Served& s, const model::WebSocketRoute& route,
                          const std::string& event, const std::string& trace_id) {
  if (route.integration_type != "AWS_PROXY") {
    return Outcome{true, 200, route.mock_response, "MOCK"};
  }
  const auto name = integrations::lambda_function_name(route.integration_uri);
  auto fn = name ? s.api->gw.functions.find(*name) : s.api->gw.functions.end();
  if (fn == s.api->gw.functions.end() || deps_.lambda == nullptr) {
    return Outcome{false, 500, "",
                   "no local function for '" + route.integration_uri +
                       "' (declare it under x-gw.functions)"};
  }
  lambda::Invocation call;
  call.api = s.api.get();
  call.function = &fn->second;
  call.payload = event;
  call.caller_timeout = std::chrono::milliseconds(route.timeout_ms);
  call.trace_id = trace_id;
  auto out = deps_.lambda->invoke(call);
  if (!out) {
    return Outcome{false, 500, "", "function " + fn->first + ": " + out.error().message};
  }
  if (out->function_error) {
    return Outcome{false, 500, "", "function " + fn->first + " failed: " + out->payload};
  }
  return proxy_outcome(out->payload, fn->first);
}

std::optional<Response> WebSocketApi::connect(const Request& upgrade, const std::string& key,
                                              std::shared_ptr<Channel> channel) {
  const auto s = served_.load();
  const pipeline::ServedStage* stage = s ? stage_of(s->stages, upgrade.path) : nullptr;
  if (stage == nullptr) {
    return refusal(403, R"({"message":"Forbidden"})");
  }
  auto c = std::make_shared<Connection>();
  c->key = key;
  c->id = new_id();
  c->channel = std::move(channel);
  c->stage = stage->name;
  c->domain = std::string(upgrade.headers.get("Host").value_or("localhost"));
  c->source_ip = upgrade.source_ip;
  c->user_agent = std::string(upgrade.headers.get("User-Agent").value_or(""));
  c->connected_at_ms = now_ms();
  c->last_active_ms = c->connected_at_ms;
  if (auto it = s->routes.find("$connect"); it != s->routes.end()) {
    EventContext ctx = c->context(s->api_id, "$connect", new_id(), c->connected_at_ms);
    ctx.trace_id = new_trace(upgrade.headers.get("X-Amzn-Trace-Id"));
    Outcome o = run(*s, it->second, connect_event(ctx, upgrade), ctx.trace_id);
    if (!o.ok || o.status < 200 || o.status > 299) {
      const int status = o.ok ? o.status : 502;
      log_("websocket " + c->stage + " " + c->id + " $connect -> " + std::to_string(status) +
           (o.detail.empty() ? "" : " (" + o.detail + ")"));
      return refusal(status, o.ok ? "" : R"({"message": "Internal server error"})");
    }
  }
  {
    std::lock_guard lock(mu_);
    by_key_[key] = c;
    by_id_[c->id] = c;
  }
  log_("websocket " + c->stage + " " + c->id + " $connect -> connected");
  return std::nullopt;
}

void WebSocketApi::message(const std::string& key, const std::string& data, bool binary) {
  const auto c = find(key);
  const auto s = served_.load();
  if (c == nullptr || s == nullptr) {
    return;
  }
  c->last_active_ms = now_ms();
  const std::string request_id = new_id();
  const auto selected = select_route_key(s->api->route_selection_expression, data, binary);
  auto it = selected ? s->routes.find(*selected) : s->routes.end();
  if (it == s->routes.end() || it->first == "$connect" || it->first == "$disconnect") {
    it = s->routes.find("$default");
  }
  if (it == s->routes.end()) {
    c->channel->send(error_frame("Forbidden", c->id, request_id), false);
    log_("websocket " + c->stage + " " + c->id + " " + selected.value_or("(no key)") +
         " -> no route, no $default: Forbidden");
    return;
  }
  EventContext ctx = c->context(s->api_id, it->first, request_id, c->last_active_ms);
  ctx.message_id = new_id();
  ctx.trace_id = new_trace();
  Outcome o = run(*s, it->second, message_event(ctx, data, binary), ctx.trace_id);
  if (!o.ok) {
    c->channel->send(error_frame("Internal server error", c->id, request_id), false);
  } else if (it->second.route_response && !o.body.empty()) {
    c->channel->send(o.body, false);
  }
  log_("websocket " + c->stage + " " + c->id + " " + it->first + " -> " +
       (o.ok ? std::to_string(o.status) : "Internal server error") +
       (o.detail.empty() ? "" : " (" + o.detail + ")"));
}

void WebSocketApi::disconnect(const std::string& key, int close_code) {
  std::shared_ptr<Connection> c;
  {
    std::lock_guard lock(mu_);
    auto it = by_key_.find(key);
    if (it == by_key_.end()) {
      return;  // refused at $connect: no $disconnect (the connection never opened)
    }
    c = it->second;
    by_key_.erase(it);
    by_id_.erase(c->id);
  }
  const auto s = served_.load();
  auto route = s ? s->routes.find("$disconnect") : decltype(s->routes.end()){};
  if (s != nullptr && route != s->routes.end()) {
    EventContext ctx = c->context(s->api_id, "$disconnect", new_id(), now_ms());
    ctx.trace_id = new_trace();
    run(*s, route->second, disconnect_event(ctx, close_code, c->close_reason()), ctx.trace_id);
  }
  log_("websocket " + c->stage + " " + c->id + " $disconnect (" + std::to_string(close_code) +
       ")");
}

void WebSocketApi::expire() {
  const int64_t now = now_ms();
  std::vector<std::shared_ptr<Connection>> old;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, c] : by_key_) {
      if (now - c->connected_at_ms >= options_.max_duration.count()) {
        old.push_back(c);
      }
    }
  }
  for (const auto& c : old) {
    c->set_close_reason("Going away");
    c->channel->close(1001, "Going away");
  }
}

size_t WebSocketApi::connection_count() const {
  std::lock_guard lock(mu_);
  return by_key_.size();
}

void WebSocketApi::reap_loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, options_.reap_interval, [this] { return stopping_; })) {
    lock.unlock();
    expire();
    lock.lock();
  }
}

}  // namespace gw::websocket
