#include "core/replay/report.h"

#include "core/replay/json_io.h"

namespace gw::replay {

namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) {
    out += p;
  }
  return out;
}

std::string_view outcome_name(Outcome o) {
  return o == Outcome::Passed ? "passed" : o == Outcome::Failed ? "failed" : "skipped";
}

}  // namespace

Summary summarize(const std::vector<ExchangeResult>& results) {
  Summary s;
  for (const auto& r : results) {
    (r.outcome == Outcome::Passed   ? s.passed
     : r.outcome == Outcome::Failed ? s.failed
                                    : s.skipped)++;
  }
  return s;
}

std::string summary_line(const Summary& s) {
  std::string out = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.skipped > 0) {
    out += ", " + std::to_string(s.skipped) + " skipped";
  }
  return out;
}

std::string test_name(const ExchangeResult& r) {
  const Request& q = r.entry->exchange.request;
  return q.method + " " + q.path + (q.query.empty() ? "" : "?" + q.query);
}

std::string location(const ExchangeResult& r) {
  return r.entry->file + ":" + std::to_string(r.entry->line);
}

std::string report_text(const std::vector<ExchangeResult>& results) {
  std::string out;
  for (const auto& r : results) {
    if (r.outcome != Outcome::Failed) {
      continue;
    }
    const std::string& route = r.entry->exchange.route.empty() ? r.route : r.entry->exchange.route;
    out += "FAIL " + test_name(r) + "  (" + location(r) + ", id " + r.entry->exchange.id +
           (route.empty() ? "" : ", route " + route) + ")\n";
    for (const auto& p : r.problems) {
      out += "  ";
      for (size_t i = 0; i < p.size(); ++i) {
        out += p[i];
        if (p[i] == '\n' && i + 1 < p.size()) {
          out += "  ";
        }
      }
    }
  }
  return out + summary_line(summarize(results)) + "\n";
}

std::string report_junit(const std::vector<ExchangeResult>& results) {
  const Summary s = summarize(results);
  double total_ms = 0;
  for (const auto& r : results) {
    total_ms += r.ms;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string counts = " tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
                             std::to_string(s.failed) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(s.skipped) + "\" time=\"" +
                             std::to_string(total_ms / 1000) + "\"";
  out += "<testsuites name=\"gw replay\"" + counts + ">\n";
  out += "  <testsuite name=\"gw replay\"" + counts + ">\n";
  for (const auto& r : results) {
    out += "    <testcase name=\"" + xml_escape(test_name(r)) + "\" classname=\"" +
           xml_escape(location(r)) + "\" time=\"" + std::to_string(r.ms / 1000) + "\"";
    if (r.outcome == Outcome::Passed) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (r.outcome == Outcome::Skipped) {
      out += "      <skipped message=\"filtered out\"/>\n";
    } else {
      out += "      <failure message=\"" + xml_escape(r.problems.front().substr(
                                               0, r.problems.front().find('\n'))) +
             "\" type=\"mismatch\">" + xml_escape("id " + r.entry->exchange.id + "\n" +
                                                  joined(r.problems)) +
             "</failure>\n";
    }
    out += "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

std::string report_tap(const std::vector<ExchangeResult>& results) {
  std::string out = "TAP version 13\n1.." + std::to_string(results.size()) + "\n";
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    std::string name = test_name(r);
    for (char& c : name) {
      c = c == '#' ? '_' : c;  // '#' starts a TAP directive
    }
    out += std::string(r.outcome == Outcome::Failed ? "not ok " : "ok ") + std::to_string(i + 1) +
           " - " + name + (r.outcome == Outcome::Skipped ? " # SKIP filtered out" : "") + "\n";
    if (r.outcome == Outcome::Failed) {
      out += "  ---\n  id: " + Json(r.entry->exchange.id).dump() +
             "\n  at: " + Json(location(r)).dump() + "\n  diff: |\n";
      std::string text = joined(r.problems);
      size_t start = 0;
      while (start < text.size()) {
        size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end;
        out += "    " + text.substr(start, end - start) + "\n";
        start = end + 1;
      }
      out += "  ...\n";
    }
  }
  return out;
}

std::string report_json(const std::vector<ExchangeResult>& results) {
  const Summary s = summarize(results);
  Json list = Json::array();
  for (const auto& r : results) {
    Json j = Json::object();
    j["id"] = r.entry->exchange.id;
    j["name"] = test_name(r);
    j["file"] = r.entry->file;
    j["line"] = r.entry->line;
    j["route"] = r.entry->exchange.route.empty() ? r.route : r.entry->exchange.route;
    j["outcome"] = outcome_name(r.outcome);
    j["problems"] = r.problems;
    if (r.outcome != Outcome::Skipped) {
      j["status"] = r.actual.status;
    }
    list.push_back(std::move(j));
  }
  Json out = Json::object();
  out["passed"] = s.passed;
  out["failed"] = s.failed;
  out["skipped"] = s.skipped;
  out["exchanges"] = std::move(list);
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace gw::replay
