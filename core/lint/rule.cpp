#include "core/lint/rule.h"

namespace gw::lint {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity& out) {
  if (text == "error") {
    out = Severity::Error;
  } else if (text == "warning" || text == "warn") {
    out = Severity::Warning;
  } else if (text == "info") {
    out = Severity::Info;
  } else {
    return false;
  }
  return true;
}

void Sink::report(SourceLoc where, std::string message) {
  out_.push_back(
      Finding{std::string(rule_), severity_, std::move(message), std::move(where), {}, {}});
}

void Sink::report(const model::Operation& op, SourceLoc where, std::string message) {
  out_.push_back(Finding{std::string(rule_), severity_, std::move(message),
                         where.known() ? std::move(where) : op.where, op.path, op.method});
}

}  // namespace gw::lint
