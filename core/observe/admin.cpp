#include "core/observe/admin.h"

#include <string>
#include <utility>

#include "core/observe/dashboard_page.h"

namespace gw::observe {
namespace {

Response with_body(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", std::move(content_type));
  r.headers.set("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

}  // namespace

Response admin_answer(const Request& request, const AdminView& view) {
  if (request.method != "GET" && request.method != "HEAD") {  // the server sends HEAD no body
    Response r = with_body(405, "application/json", "{\"message\":\"Method Not Allowed\"}\n");
    r.headers.set("Allow", "GET, HEAD");
    return r;
  }
  if (request.path == "/metrics") {
    // The exposition format's own media type (Prometheus: text format 0.0.4).
    return with_body(200, "text/plain; version=0.0.4; charset=utf-8",
                     view.metrics->prometheus(view.open_connections));
  }
  if (request.path == "/metrics.json") {
    return with_body(200, "application/json", view.metrics->json() + "\n");
  }
  if (request.path == "/dashboard" || request.path == "/") {
    return with_body(200, "text/html; charset=utf-8", std::string(dashboard_page()));
  }
  if (request.path == "/dashboard.json") {
    return with_body(200, "application/json", view.metrics->dashboard_json(view.now_ms) + "\n");
  }
  if (request.path == "/health") {
    return with_body(200, "application/json", "{\"status\":\"ok\"}\n");
  }
  return with_body(404, "application/json",
                   "{\"message\":\"Not Found\",\"paths\":[\"/metrics\",\"/metrics.json\","
                   "\"/health\",\"/dashboard\",\"/dashboard.json\"]}\n");
}

}  // namespace gw::observe
