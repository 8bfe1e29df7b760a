#pragma once

/// What `gw serve --admin-port` answers (a listener of its own, on loopback only, that never
/// reaches the API): `GET /metrics` in Prometheus's text format, `GET /metrics.json` the same
/// counters as JSON with latency percentiles, `GET /health` {"status": "ok"}, `GET /dashboard`
/// (and `/`) the live page (dashboard_page.h) and `GET /dashboard.json` what it draws. HEAD as
/// GET; another method is 405 with Allow; another path 404 naming them.

#include <cstddef>
#include <cstdint>

#include "core/base/http.h"
#include "core/observe/metrics.h"

namespace gw::observe {

struct AdminView {
  const ServeMetrics* metrics = nullptr;
  size_t open_connections = 0;
  int64_t now_ms = 0;  ///< the clock's time (ms since the epoch): the dashboard's last slot
};

Response admin_answer(const Request& request, const AdminView& view);

}  // namespace gw::observe
