#include "cli/front_door.h"

namespace gw::cli {
namespace {

// API Gateway's answer for the disabled default endpoint and for a domain path no mapping
// covers ("403 Forbidden", AWS: "Disable the default endpoint", "API mappings").
Response forbidden() {
  Response r;
  r.status = 403;
  r.headers.add("Content-Type", "application/json");
  r.headers.add("x-amzn-ErrorType", "ForbiddenException");
  r.body = R"({"message":"Forbidden"})";
  return r;
}

}  // namespace

FrontDoor::FrontDoor(const model::Api& api)
    : domains_(api.gw.domains),
      http_api_(api.type == model::ApiType::Http),
      default_endpoint_disabled_(api.disable_execute_api_endpoint) {
  for (const auto& [name, domain] : api.gw.domains) {
    for (const auto& [base, mapping] : domain.mappings) {
      listed_.push_back({name, router::normalise_base_path(base), mapping.stage});
    }
  }
}

FrontDoor::Admission FrontDoor::admit(const Request& request) const {
  Admission out;
  const std::string_view host = request.headers.get("Host").value_or("");
  if (domains_.empty() || !domains_.serves(host)) {
    if (default_endpoint_disabled_) {
      out.answer = forbidden();
    }
    return out;
  }
  auto route = domains_.match(host, request.path);
  if (!route) {
    out.answer = forbidden();
    return out;
  }
  Request r = request;
  if (http_api_ && route->stage == "$default") {
    r.path = route->rest;
  } else {
    r.path = "/" + route->stage + route->rest;
  }
  out.rewritten = std::move(r);
  return out;
}

std::vector<std::string> FrontDoor::describe(const std::string& scheme, int port) const {
  std::vector<std::string> lines;
  const std::string p = std::to_string(port);
  for (const Listed& l : listed_) {
    const std::string path = l.base_path.empty() ? "/" : l.base_path;
    // curl and browsers resolve *.localhost to loopback themselves; other names need a hint.
    const bool local = l.domain.ends_with(".localhost");
    lines.push_back("  domain " + l.domain + path + " -> stage " + l.stage + "   curl " +
                    (local ? "" : "--resolve " + l.domain + ":" + p + ":127.0.0.1 ") + scheme +
                    "://" + l.domain + ":" + p + path);
  }
  if (default_endpoint_disabled_) {
    lines.push_back("  the default endpoint is disabled (disableExecuteApiEndpoint): 403 but through a domain");
  }
  return lines;
}

}  // namespace gw::cli
