#include "cli/access_log.h"

#include <cstdio>
#include <ctime>
#include <string>

#include "cli/term.h"
#include "core/base/clock.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/observe/metrics.h"

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

// What decided the answer, after the request id (observe::decisions_text), painted in the
// status's colour when a limit or a backend decided it; a backend's reason is cut short.
std::string decisions(const RequestLog& log, bool colour) {
  std::string text = escape_controls(observe::decisions_text(log));
  if (text.empty()) {
    return text;
  }
  constexpr size_t kMax = 200;
  if (text.size() > kMax) {
    text = text.substr(0, kMax) + "...";
  }
  return "  " + (log.reason.empty() ? text : paint(text, status_colour(log.status), colour));
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
  return paint(clock_time(when), Colour::Dim, colour) + " " + pad(escape_controls(log.method), 7) +
         " " + path + " " + paint(std::to_string(log.status), status_colour(log.status), colour) +
         " " + latency + " " + integration + " " + log.request_id +
         (log.canary ? " " + paint("canary " + log.deployment_id, Colour::Bold, colour) : "") +
         decisions(log, colour);
}

std::string format_access_json(const RequestLog& log, std::chrono::system_clock::time_point when) {
  auto milliseconds = [](double ms) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f", ms);
    return std::string(buf);
  };
  auto text_or_null = [](JsonWriter& w, const std::string& s) -> JsonWriter& {
    return s.empty() ? w.null() : w.string(s);
  };
  JsonWriter w(256);
  w.begin_object();
  w.key("time").string(format_iso8601(when));
  w.key("requestId").string(log.request_id);
  w.key("extendedRequestId").string(log.extended_request_id);
  w.key("method").string(log.method);
  w.key("path").string(log.path);
  w.key("stage");
  text_or_null(w, log.stage);
  w.key("resourcePath");
  text_or_null(w, log.resource_path);
  w.key("status").number(log.status);
  w.key("latencyMs").raw(milliseconds(log.latency_ms));
  w.key("integrationLatencyMs");
  if (log.integration_latency_ms < 0) {
    w.null();
  } else {
    w.raw(milliseconds(log.integration_latency_ms));
  }
  w.key("integrationStatus");
  if (log.integration_status == 0) {
    w.null();
  } else {
    w.number(log.integration_status);
  }
  w.key("errorType");
  text_or_null(w, log.error_type);
  w.key("errorMessage");
  text_or_null(w, log.error_type.empty() ? std::string() : log.error_message);
  w.key("cache");
  if (const char* c = observe::cache_word(log.cache)) {
    w.string(c);
  } else {
    w.null();
  }
  w.key("authorizer");
  text_or_null(w, log.authorizer);
  w.key("reason");
  text_or_null(w, log.reason);
  w.key("canary").boolean(log.canary);
  w.key("deploymentId").string(log.deployment_id);
  w.key("warnings").begin_array();
  for (const std::string& warning : log.warnings) {
    w.string(warning);
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace gw::cli
