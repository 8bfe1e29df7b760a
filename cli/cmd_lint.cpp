#include "cli/cmd_lint.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/spec_loading.h"
#include "cli/term.h"
#include "cli/version.h"
#include "core/lint/engine.h"
#include "core/lint/probe/probe.h"
#include "core/lint/registry.h"
#include "core/lint/report.h"

namespace gw::cli {
namespace {

ExitCode list_rules(const LintOptions& o) {
  if (o.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : lint::all_rules()) {
      const auto& i = r->info();
      out.push_back({{"id", i.id},
                     {"category", i.category},
                     {"severity", lint::to_string(i.severity)},
                     {"summary", i.summary}});
    }
    std::cout << out.dump(2) << '\n';
    return ExitCode::Ok;
  }
  const bool colour = colour_enabled(stdout);
  for (const auto& r : lint::all_rules()) {
    const auto& i = r->info();
    std::cout << paint(pad(i.id, 34), Colour::Bold, colour) << " "
              << pad(lint::to_string(i.severity), 8) << " " << i.summary << '\n';
  }
  std::cout << lint::all_rules().size() << " rules\n";
  return ExitCode::Ok;
}

ExitCode explain(const std::string& id) {
  const lint::Rule* rule = lint::find_rule(id);
  if (rule == nullptr) {
    std::string hint;
    lint::known_selector(id, hint);
    print_error(Error{ErrorKind::BadInput,
                      "unknown rule '" + id + "'",
                      {},
                      hint.empty() ? "see gw lint --list-rules" : hint});
    return ExitCode::BadInput;
  }
  const auto& i = rule->info();
  std::cout << i.id << " (" << i.category << ", default " << lint::to_string(i.severity) << ")\n\n"
            << i.summary << "\n\n"
            << i.doc << "\n\nSilence it: x-gw-lint-ignore: [" << i.id
            << "] on the path or operation, or `disable: [" << i.id << "]` in .gwlint.yaml\n";
  return ExitCode::Ok;
}

Colour colour_of(lint::Severity s) {
  switch (s) {
    case lint::Severity::Error:
      return Colour::Red;
    case lint::Severity::Warning:
      return Colour::Yellow;
    case lint::Severity::Info:
      return Colour::Cyan;
  }
  return Colour::Bold;
}

void print_text(const std::vector<lint::FileReport>& reports) {
  const bool colour = colour_enabled(stdout);
  std::string out;
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      std::string where = f.where.str();
      out += paint(where.empty() ? r.file : where, Colour::Bold, colour) + ": " +
             paint(lint::to_string(f.severity), colour_of(f.severity), colour) + ": " + f.message +
             " " + paint("[" + f.rule + "]", Colour::Dim, colour) + "\n";
    }
  }
  out += lint::summary_line(lint::summarise(reports)) + "\n";
  std::cout << out;
}

Result<lint::Config> config_for(const LintOptions& o, const std::string& spec) {
  auto c = lint::load_config(o.lint_config, spec);
  GW_TRY(c);
  for (const auto& id : o.disable) {
    c->disable.push_back(id);
  }
  return c;
}

bool fails(const std::vector<lint::FileReport>& reports, lint::Severity threshold) {
  for (const auto& r : reports) {
    for (const auto& f : r.findings) {
      if (f.severity >= threshold) {
        return true;
      }
    }
  }
  return false;
}

Result<bool> check_disable_ids(const LintOptions& o) {
  for (const auto& id : o.disable) {
    std::string hint;
    if (!lint::known_selector(id, hint)) {
      return fail(ErrorKind::BadInput, "--disable: unknown rule '" + id + "'", {},
                  hint.empty() ? "see gw lint --list-rules" : hint);
    }
  }
  return true;
}

/// Lints one spec; with --probe its local functions run, and stop before this returns.
Result<lint::FileReport> lint_spec(const LintOptions& o, const std::string& spec,
                                   lint::Config config) {
  lint::Options lint_options{std::move(config), o.config, o.state_dir, nullptr};
  std::optional<lint::Prober> prober;
  if (o.probe) {
    lint_options.probe = &prober.emplace();
  }
  auto report = lint::lint_file(spec, lint_options);
  if (prober) {
    prober->shutdown();
    for (const std::string& note : prober->take_notes()) {
      std::cerr << "gw: note: " << note << '\n';
    }
  }
  return report;
}

}  // namespace

void setup_lint(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<LintOptions>();
  CLI::App* sub = app.add_subcommand("lint", "Find API Gateway mistakes in specs before deploying");
  sub->add_option("specs", o->specs, "OpenAPI specs (YAML or JSON)");
  sub->add_option("--format", o->format, "Output: text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->capture_default_str();
  sub->add_option("--fail-on", o->fail_on, "Lowest severity that fails: error, warning or info")
      ->check(CLI::IsMember({"error", "warning", "info"}))
      ->capture_default_str();
  sub->add_option("--lint-config", o->lint_config,
                  "Lint configuration (default: the nearest .gwlint.yaml)");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", o->state_dir, "Deployments directory (default .gw/ beside SPEC)");
  sub->add_option("--disable", o->disable, "Turn a rule or category off (repeatable)");
  sub->add_flag("--probe", o->probe,
                "Also invoke each local Lambda proxy function once with a synthetic event");
  sub->add_flag("--list-rules", o->list_rules, "List every rule and exit");
  sub->add_option("--explain", o->explain, "Print a rule's documentation and exit");
  sub->callback([o, &result] { result = run_lint(*o); });
}

ExitCode run_lint(const LintOptions& options) {
  if (options.list_rules) {
    return list_rules(options);
  }
  if (!options.explain.empty()) {
    return explain(options.explain);
  }
  if (options.specs.empty()) {
    print_error(Error{ErrorKind::BadInput, "no spec to lint", {}, "gw lint SPEC [SPEC...]"});
    return ExitCode::BadInput;
  }
  if (auto ok = check_disable_ids(options); !ok) {
    print_error(ok.error());
    return ExitCode::BadInput;
  }
  std::vector<lint::FileReport> reports;
  bool bad_input = false;
  for (const auto& spec : options.specs) {
    auto config = config_for(options, spec);
    if (!config) {
      print_error(config.error());
      return ExitCode::BadInput;
    }
    auto report = lint_spec(options, spec, std::move(*config));
    if (!report) {
      print_error(report.error());
      bad_input = true;
      continue;
    }
    if (report->fatal) {
      print_error(*report->fatal);
      bad_input = true;
    }
    reports.push_back(std::move(*report));
  }
  if (options.format == "json") {
    std::cout << lint::to_json(reports);
  } else if (options.format == "sarif") {
    std::cout << lint::to_sarif(reports, GW_VERSION);
  } else if (options.format == "github") {
    std::cout << lint::to_github(reports);
  } else {
    print_text(reports);
  }
  lint::Severity threshold = lint::Severity::Error;
  lint::parse_severity(options.fail_on, threshold);
  if (bad_input) {
    return ExitCode::BadInput;
  }
  return fails(reports, threshold) ? ExitCode::Findings : ExitCode::Ok;
}

}  // namespace gw::cli
