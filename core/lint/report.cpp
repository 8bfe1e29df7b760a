#include "core/lint/report.h"

#include <nlohmann/json.hpp>

#include "core/lint/registry.h"

namespace gw::lint {
namespace {

using Json = nlohmann::ordered_json;

std::string file_of(const Finding& f, const FileReport& r) {
  return f.where.file ? *f.where.file : r.file;
}

std::string plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string sarif_level(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "note";
  }
  return "warning";
}

/// GitHub's workflow command escaping (data and property values).
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

Summary summarise(const std::vector<FileReport>& reports) {
  Summary s;
  s.files = reports.size();
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      (f.severity == Severity::Error     ? s.errors
       : f.severity == Severity::Warning ? s.warnings
                                         : s.infos)++;
    }
  }
  return s;
}

std::string summary_line(const Summary& s) {
  const std::string files = plural(s.files, "file", "files");
  if (s.errors + s.warnings + s.infos == 0) {
    return "no findings in " + files;
  }
  return plural(s.errors, "error", "errors") + ", " + plural(s.warnings, "warning", "warnings") +
         ", " + plural(s.infos, "info", "infos") + " in " + files;
}

std::string to_json(const std::vector<FileReport>& reports) {
  Json findings = Json::array();
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      const Rule* rule = find_rule(f.rule);
      findings.push_back({{"file", file_of(f, r)},
                          {"line", f.where.line},
                          {"column", f.where.column},
                          {"severity", to_string(f.severity)},
                          {"rule", f.rule},
                          {"category", rule ? rule->info().category : ""},
                          {"message", f.message}});
    }
  }
  const Summary s = summarise(reports);
  return dump(
      {{"version", 1},
       {"findings", findings},
       {"summary",
        {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}, {"files", s.files}}}});
}

std::string to_sarif(const std::vector<FileReport>& reports, const std::string& version) {
  Json rules = Json::array();
  std::map<std::string, size_t> index;
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule->info();
    index[std::string(i.id)] = rules.size();
    rules.push_back({{"id", i.id},
                     {"name", i.id},
                     {"shortDescription", {{"text", i.summary}}},
                     {"fullDescription", {{"text", i.doc}}},
                     {"help", {{"text", i.doc}}},
                     {"defaultConfiguration", {{"level", sarif_level(i.severity)}}},
                     {"properties", {{"category", i.category}}}});
  }
  Json results = Json::array();
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      Json region = {{"startLine", std::max<uint32_t>(f.where.line, 1)}};
      if (f.where.column > 0) {
        region["startColumn"] = f.where.column;
      }
      results.push_back(
          {{"ruleId", f.rule},
           {"ruleIndex", index.count(f.rule) ? index[f.rule] : 0},
           {"level", sarif_level(f.severity)},
           {"message", {{"text", f.message}}},
           {"locations", Json::array({{{"physicalLocation",
                                        {{"artifactLocation", {{"uri", file_of(f, r)}}},
                                         {"region", region}}}}})}});
    }
  }
  Json driver = {{"name", "gw"},
                 {"semanticVersion", version},
                 {"informationUri", "https://github.com/gw-dev/gw"},
                 {"rules", rules}};
  return dump({{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", Json::array({{{"tool", {{"driver", driver}}}, {"results", results}}})}});
}

std::string to_github(const std::vector<FileReport>& reports) {
  std::string out;
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      const std::string level = f.severity == Severity::Error     ? "error"
                                : f.severity == Severity::Warning ? "warning"
                                                                  : "notice";
      out += "::" + level + " file=" + gh_escape(file_of(f, r), true) +
             ",line=" + std::to_string(f.where.line) + ",col=" + std::to_string(f.where.column) +
             ",title=" + gh_escape(f.rule, true) + "::" + gh_escape(f.message, false) + "\n";
    }
  }
  return out;
}

}  // namespace gw::lint
