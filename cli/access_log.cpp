#include "cli/access_log.h"

#include <cstdio>
#include <ctime>

#include "cli/term.h"
#include "core/base/strings.h"

namespace gw::cli {
namespace {

std::string clock_time(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
  return buf;
}

Colour status_colour(int status) {
  if (status >= 500) {
    return Colour::Red;
  }
  if (status >= 400) {
    return Colour::Yellow;
  }
  return Colour::Green;
}

}  // namespace

std::string format_access_line(const RequestLog& log, std::chrono::system_clock::time_point when,
                               bool colour) {
  char latency[32];
  std::snprintf(latency, sizeof(latency), "%7.1fms", log.latency_ms);
  char integration[40];
  if (log.integration_latency_ms >= 0) {
    std::snprintf(integration, sizeof(integration), "(integration %6.1fms)",
                  log.integration_latency_ms);
  } else {
    std::snprintf(integration, sizeof(integration), "(integration      -  )");
  }
  // The request's own text is escaped: a path cannot drive the terminal (issue 16 item 13).
  std::string path = escape_controls(log.path);
  if (path.size() < 32) {
    path.append(32 - path.size(), ' ');
  }
  return paint(clock_time(when), Colour::Dim, colour) + " " + pad(escape_controls(log.method), 7) + " " + path +
         " " + paint(std::to_string(log.status), status_colour(log.status), colour) + " " +
         latency + " " + integration + " " + log.request_id +
         (log.canary ? " " + paint("canary " + log.deployment_id, Colour::Bold, colour) : "");
}

void StageMetrics::count(const RequestLog& log) {
  if (log.stage.empty()) {
    return;  // no stage reached: no stage's metric (as CloudWatch's per-stage dimension)
  }
  std::lock_guard lock(mu_);
  Counts& c = by_stage_[{log.stage, log.canary}];
  ++c.count;
  c.client_errors += log.status >= 400 && log.status < 500 ? 1 : 0;
  c.server_errors += log.status >= 500 ? 1 : 0;
}

std::vector<std::string> StageMetrics::lines() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [key, c] : by_stage_) {
    out.push_back("metrics " + key.first + (key.second ? " (canary)" : "") + ": Count " +
                  std::to_string(c.count) + ", 4XXError " + std::to_string(c.client_errors) +
                  ", 5XXError " + std::to_string(c.server_errors));
  }
  return out;
}

}  // namespace gw::cli
