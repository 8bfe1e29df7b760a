#pragma once

/// The admin listener's dashboard (GET /dashboard): one self-contained page, no third-party
/// code, that polls /dashboard.json every second and draws requests per second, p50/p99
/// latency and the error rate over the last five minutes on canvases, the cache hit ratio,
/// each route's counters over that window with its own small charts (requests and errors per
/// second, p99), and the last requests with their execution trace.
/// After each drawing the body's data-renders and data-requests attributes say what it drew
/// (the tests read them).

#include <string_view>

namespace gw::observe {

std::string_view dashboard_page();

}  // namespace gw::observe
