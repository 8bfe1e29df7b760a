#include "cli/access_log.h"

#include <charconv>
#include <ctime>
#include <string>

#include "cli/term.h"
#include "core/base/clock.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/observe/metrics.h"

namespace gw::cli {
namespace {

// HH:MM:SS in local time, computed once a second per thread (localtime_r and strftime on
// every line were a measurable part of a mock request).
std::string clock_time(std::chrono::system_clock::time_point when) {
  thread_local std::time_t last_secs = -1;
  thread_local std::string last_text;
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  if (t != last_secs) {
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
    last_secs = t;
    last_text = buf;
  }
  return last_text;
}

// "  12.3ms" style: the value right-aligned in `width` with one decimal (std::to_chars:
// snprintf's %f was a measurable part of a mock request).
std::string fixed1(double v, int width) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  std::string s = ec == std::errc() ? std::string(buf, end) : std::string("?");
  if (static_cast<int>(s.size()) < width) {
    s.insert(0, static_cast<size_t>(width) - s.size(), ' ');
  }
  return s;
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
  const std::string latency = fixed1(log.latency_ms, 7) + "ms";
  const std::string integration =
      log.integration_latency_ms >= 0
          ? "(integration " + fixed1(log.integration_latency_ms, 6) + "ms)"
          : std::string("(integration      -  )");
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
  auto milliseconds = [](double ms) { return fixed1(ms, 0); };
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
