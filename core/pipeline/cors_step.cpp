#include "core/pipeline/cors_step.h"

#include <algorithm>
#include <cctype>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out;
}

bool contains_icase(const std::vector<std::string>& items, std::string_view v) {
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& s) { return s == "*" || iequals(s, v); });
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && std::tolower(static_cast<unsigned char>(pattern[p])) ==
                                         std::tolower(static_cast<unsigned char>(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

CorsStep::CorsStep(const model::Api& api) {
  if (api.type != model::ApiType::Http || !api.cors) {
    return;
  }
  enabled_ = true;
  cors_ = *api.cors;
  allow_methods_ = join(cors_.allow_methods);
  allow_headers_ = join(cors_.allow_headers);
  expose_headers_ = join(cors_.expose_headers);
}

bool CorsStep::origin_allowed(std::string_view origin) const {
  return std::any_of(cors_.allow_origins.begin(), cors_.allow_origins.end(),
                     [&](const std::string& o) { return wildcard_match(o, origin); });
}

bool CorsStep::method_allowed(std::string_view method) const {
  return contains_icase(cors_.allow_methods, method);
}

bool CorsStep::headers_allowed(std::string_view requested) const {
  for (std::string_view h : split(requested, ',')) {
    h = trim(h);
    if (!h.empty() && !contains_icase(cors_.allow_headers, h)) {
      return false;
    }
  }
  return true;
}

void CorsStep::add_origin_headers(Response& r, std::string_view origin) const {
  bool any = std::find(cors_.allow_origins.begin(), cors_.allow_origins.end(), "*") !=
             cors_.allow_origins.end();
  r.headers.set("Access-Control-Allow-Origin",
                any && !cors_.allow_credentials ? "*" : std::string(origin));
  if (cors_.allow_credentials) {
    r.headers.set("Access-Control-Allow-Credentials", "true");
  }
  if (!expose_headers_.empty()) {
    r.headers.set("Access-Control-Expose-Headers", expose_headers_);
  }
}

void CorsStep::preflight(Exchange& ex, std::string_view origin) const {
  Response r;
  r.status = 204;
  auto method = ex.request.headers.get("Access-Control-Request-Method");
  auto headers = ex.request.headers.get("Access-Control-Request-Headers");
  bool ok = !origin.empty() && origin_allowed(origin) && method && method_allowed(*method) &&
            (!headers || headers_allowed(*headers));
  if (ok) {
    add_origin_headers(r, origin);
    r.headers.set("Access-Control-Allow-Methods", allow_methods_);
    if (!allow_headers_.empty()) {
      r.headers.set("Access-Control-Allow-Headers", allow_headers_);
    }
    if (cors_.max_age) {
      r.headers.set("Access-Control-Max-Age", std::to_string(*cors_.max_age));
    }
  }
  ex.trace("cors: preflight from '", origin, "' -> ", ok ? "allowed" : "no CORS headers");
  ex.context.error_response_type.clear();
  ex.context.error_message.clear();
  ex.response = std::move(r);
}

void CorsStep::on_response(Exchange& ex) const {
  if (!enabled_ || ex.stage_name.empty()) {
    return;
  }
  auto o = ex.request.headers.get("Origin");
  std::string_view origin = o ? *o : std::string_view();
  if (ex.request.method == "OPTIONS" && !ex.route) {
    preflight(ex, origin);
    return;
  }
  Headers& h = ex.response.headers;
  for (std::string_view name : {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                                "Access-Control-Expose-Headers", "Access-Control-Allow-Methods",
                                "Access-Control-Allow-Headers", "Access-Control-Max-Age"}) {
    h.remove(name);
  }
  if (!origin.empty() && origin_allowed(origin)) {
    add_origin_headers(ex.response, origin);
  }
}

}  // namespace gw::pipeline
