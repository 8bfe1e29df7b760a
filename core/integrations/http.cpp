#include "core/integrations/http.h"

#include <array>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

namespace {

constexpr std::array<std::string_view, 8> kHopByHop = {
    "Connection", "Keep-Alive", "Proxy-Connection",  "Proxy-Authenticate",
    "TE",         "Trailer",    "Transfer-Encoding", "Upgrade"};

// Fact 25: REST HTTP_PROXY renames these backend headers.
constexpr std::array<std::string_view, 5> kRemapped = {"Connection", "Content-Length", "Date",
                                                       "Server", "x-amzn-RequestId"};

// scheme://host[:port] of url ("" when url is not absolute) and the rest.
std::pair<std::string_view, std::string_view> split_origin(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return {"", url};
  }
  size_t path = url.find_first_of("/?", scheme + 3);
  if (path == std::string_view::npos) {
    return {url, ""};
  }
  return {url.substr(0, path), url.substr(path)};
}

bool same_query_name(std::string_view piece, std::string_view name) {
  std::string_view key = piece.substr(0, piece.find('='));
  return form_decode(key) == name;
}

}  // namespace

bool is_hop_by_hop(std::string_view name) {
  for (std::string_view h : kHopByHop) {
    if (iequals(h, name)) {
      return true;
    }
  }
  return false;
}

HttpIntegration::HttpIntegration(const model::Api& api, const model::Integration& config,
                                 CallSigner signer)
    : api_(api), config_(config), signer_(std::move(signer)) {
  http_api_ = api.type == model::ApiType::Http;
  proxy_ = config.type == model::IntegrationType::HttpProxy;
  kind_ = proxy_ ? "http_proxy" : "http";
  for (const auto& [key, text] : config.request_parameters) {
    auto expr = pipeline::ValueExpr::parse(text, pipeline::ValueExpr::Dialect::Rest);
    if (!expr) {
      continue;  // names nothing API Gateway maps from: the mapping is skipped
    }
    if (key.starts_with("integration.request.path.")) {
      path_maps_.emplace_back(key.substr(25), std::move(*expr));
    } else if (key.starts_with("integration.request.querystring.")) {
      query_maps_.emplace_back(key.substr(32), std::move(*expr));
    } else if (key.starts_with("integration.request.header.")) {
      std::string name = key.substr(27);
      if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) {
        config_error_ = "request parameter mapping sets reserved header '" + name + "'";  // fact 26
      }
      header_maps_.emplace_back(std::move(name), std::move(*expr));
    }
  }
}

Result<std::string> HttpIntegration::build_url(const pipeline::Exchange& ex) const {
  std::string uri = ex.substitute_stage_variables(config_.uri);
  if (iequals(config_.connection_type, "VPC_LINK")) {
    std::string id = ex.substitute_stage_variables(config_.connection_id);
    auto link = api_.gw.vpc_links.find(id);
    if (link == api_.gw.vpc_links.end()) {
      return fail(ErrorKind::BadInput, "unknown VPC link '" + id + "' (add it to x-gw.vpcLinks)");
    }
    auto [origin, rest] = split_origin(uri);
    std::string base = link->second;
    while (!base.empty() && base.back() == '/') {
      base.pop_back();
    }
    // An ARN-style URI (HTTP APIs' load balancer listener) carries no path: use the request's.
    uri = base + std::string(origin.empty() ? ex.path_in_stage : rest);
  }
  if (split_origin(uri).first.empty()) {
    return fail(ErrorKind::BadInput, "integration uri '" + uri + "' is not an absolute URL");
  }
  size_t q = uri.find('?');
  std::string_view uri_query = q == std::string::npos ? "" : std::string_view(uri).substr(q + 1);
  std::string url = fill_placeholders(ex, std::string_view(uri).substr(0, q));
  std::string query = build_query(ex, uri_query);
  if (!query.empty()) {
    url += "?" + query;
  }
  return url;
}

std::string HttpIntegration::fill_placeholders(const pipeline::Exchange& ex,
                                               std::string_view path) const {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = path.find('{', pos);
    size_t close = open == std::string_view::npos ? open : path.find('}', open);
    if (close == std::string_view::npos) {
      out.append(path.substr(pos));
      return out;
    }
    out.append(path.substr(pos, open - pos));
    std::string name(path.substr(open + 1, close - open - 1));
    if (!name.empty() && name.back() == '+') {
      name.pop_back();
    }
    std::optional<std::string> value;
    for (const auto& [key, expr] : path_maps_) {
      if (key == name) {
        value = expr.eval(ex);
      }
    }
    for (const auto& [key, v] : ex.overrides.request_path) {
      if (key == name) {
        value = v;  // $context.requestOverride.path.X wins over mappings
      }
    }
    if (!value) {
      const std::string* p = ex.path_param(name);
      p = p != nullptr ? p : ex.path_param(name + "+");
      value = p != nullptr ? std::optional<std::string>(*p) : std::nullopt;
    }
    out += value.value_or("");
    pos = close + 1;
  }
}

std::string HttpIntegration::build_query(const pipeline::Exchange& ex,
                                         std::string_view uri_query) const {
  std::vector<std::string_view> pieces;
  for (std::string_view raw : {uri_query, proxy_ ? std::string_view(ex.request.query) : ""}) {
    raw = raw.substr(0, raw.find('#'));  // fact 7: '#' ends the query
    for (std::string_view p : split(raw, '&')) {
      if (!p.empty()) {
        pieces.push_back(p);
      }
    }
  }
  std::vector<std::string> mapped;
  for (const auto& [name, expr] : query_maps_) {
    std::optional<std::string> v = expr.eval(ex);
    if (!v) {
      continue;
    }
    std::erase_if(pieces, [&](std::string_view p) { return same_query_name(p, name); });
    mapped.push_back(percent_encode(name) + "=" + percent_encode(*v));
  }
  for (const auto& [name, v] : ex.overrides.request_query) {
    std::erase_if(pieces, [&](std::string_view p) { return same_query_name(p, name); });
    std::erase_if(mapped, [&](const std::string& m) { return same_query_name(m, name); });
    mapped.push_back(percent_encode(name) + "=" + percent_encode(v));
  }
  std::string out;
  for (std::string_view p : pieces) {
    out += out.empty() ? "" : "&";
    out += p;
  }
  for (const std::string& m : mapped) {
    out += out.empty() ? "" : "&";
    out += m;
  }
  return out;
}

Headers HttpIntegration::build_headers(const pipeline::Exchange& ex) const {
  Headers h;
  if (proxy_) {
    for (const auto& [name, value] : ex.request.headers) {
      if (!is_hop_by_hop(name) && !iequals(name, "Host") && !iequals(name, "Content-Length")) {
        h.add(name, value);
      }
    }
  } else {
    h.add("Accept", "application/json");
    h.add("User-Agent", "AmazonAPIGateway_" + ex.context.api_id);
    if (!ex.request.body.empty() || ex.integration_body) {
      auto ct = ex.request.headers.get("Content-Type");
      h.add("Content-Type", ct ? std::string(*ct) : "application/json");
    }
  }
  if (!http_api_) {
    h.set("X-Amzn-Apigateway-Api-Id", ex.context.api_id);
  }
  // The request's trace header, the gateway's value in place of the client's (fact 27).
  h.set("X-Amzn-Trace-Id", ex.trace_context.value());
  for (const auto& [name, expr] : header_maps_) {
    std::optional<std::string> v = expr.eval(ex);
    if (v) {
      h.set(name, std::move(*v));
    }
  }
  for (const auto& [name, v] : ex.overrides.request_headers) {
    h.set(name, v);  // $context.requestOverride.header.X
  }
  return h;
}

Result<HttpCall> HttpIntegration::build_call(const pipeline::Exchange& ex) const {
  if (!config_error_.empty()) {
    return fail(ErrorKind::BadInput, config_error_);
  }
  HttpCall call;
  auto url = build_url(ex);
  GW_TRY(url);
  call.url = std::move(*url);
  const std::string& m = config_.http_method;
  call.method = m.empty() || iequals(m, "ANY") ? ex.request.method : to_upper(m);
  call.headers = build_headers(ex);
  call.body = ex.integration_body && !proxy_ ? *ex.integration_body : ex.request.body;
  int timeout = http_api_ ? std::min(config_.timeout_ms, 30000) : config_.timeout_ms;
  call.timeout = std::chrono::milliseconds(timeout);
  call.insecure_skip_verification = config_.tls && config_.tls->insecure_skip_verification;
  call.kind = kind_;
  return call;
}

Response HttpIntegration::remap_response(Response&& r) const {
  Headers out;
  for (auto& [name, value] : r.headers.entries()) {
    bool remap = false;
    for (std::string_view x : kRemapped) {
      remap = remap || iequals(x, name);
    }
    if (remap && !http_api_) {
      out.add("x-amzn-Remapped-" + name, value);
    } else if (!is_hop_by_hop(name) && !iequals(name, "Content-Length")) {
      out.add(name, value);
    }
  }
  r.headers = std::move(out);
  return std::move(r);
}

Result<IntegrationOutput> HttpIntegration::invoke(pipeline::Exchange& ex) const {
  auto call = build_call(ex);
  GW_TRY(call);
  if (signer_) {
    signer_(*call, ex);
  }
  if (ex.shared.http == nullptr) {
    return fail(ErrorKind::Internal, "no HTTP client configured");
  }
  auto t0 = ex.shared.clock->monotonic();
  Result<Response> r = ex.shared.http->send(*call);
  double ms = std::chrono::duration<double, std::milli>(ex.shared.clock->monotonic() - t0).count();
  ex.integration_latency_ms = ms;
  if (ex.tracing()) {
    ex.trace("integration: ", kind_, " ", call->method, " ", call->url, " -> ",
             r ? std::to_string(r->status) : r.error().message);
  }
  if (!r) {
    return std::unexpected(std::move(r).error());
  }
  ex.integration_status = r->status;
  IntegrationOutput out;
  out.proxy = proxy_;
  out.response = proxy_ ? remap_response(std::move(*r)) : std::move(*r);
  return out;
}

}  // namespace gw::integrations
