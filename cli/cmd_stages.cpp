#include "cli/cmd_stages.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/canaries.h"
#include "cli/spec_loading.h"
#include "cli/term.h"
#include "core/base/clock.h"
#include "core/deploy/state.h"
#include "core/model/api.h"

namespace gw::cli {
namespace {

struct Row {
  deploy::StageStatus status;
  bool declared = false;
  bool deployed = false;
  std::optional<deploy::CanaryRecord> canary;  ///< from the record or x-gw
  std::string canary_source;                   ///< "deploy" (gw deploy --canary) | "x-gw"
};

// Each stage's canary: the one gw deploy --canary recorded, else x-gw's.
void add_canaries(const model::Api& api, std::vector<Row>& rows) {
  for (Row& r : rows) {
    if (r.status.canary) {
      r.canary = r.status.canary;
      r.canary_source = "deploy";
      continue;
    }
    for (const auto& st : api.gw.stages) {
      if (st.name == r.status.stage && st.canary) {
        deploy::CanaryRecord c;
        c.deployment_id = st.canary->deployment_id;
        c.percent_traffic = st.canary->percent_traffic;
        c.stage_variable_overrides = st.canary->stage_variable_overrides;
        c.use_stage_cache = st.canary->use_stage_cache;
        r.canary = c;
        r.canary_source = "x-gw";
      }
    }
  }
}

std::string canary_line(const Row& r) {
  const deploy::CanaryRecord& c = *r.canary;
  std::string line = "canary " + percent_text(c.percent_traffic) + " to " + c.deployment_id;
  std::string overrides;
  for (const auto& [k, v] : c.stage_variable_overrides) {
    overrides += (overrides.empty() ? "" : ", ") + k + "=" + v;
  }
  if (!overrides.empty()) {
    line += ", overrides " + overrides;
  }
  line += c.use_stage_cache ? ", stage cache" : ", own cache";
  line += r.canary_source == "x-gw" ? " (x-gw)" : "";
  return line;
}

std::string age(int64_t ms) {
  const int64_t s = ms / 1000;
  if (s < 60) {
    return std::to_string(std::max<int64_t>(s, 0)) + "s";
  }
  if (s < 3600) {
    return std::to_string(s / 60) + "m";
  }
  if (s < 86400) {
    return std::to_string(s / 3600) + "h";
  }
  return std::to_string(s / 86400) + "d";
}

std::vector<Row> rows_of(const model::Api& api, std::vector<deploy::StageStatus> statuses) {
  std::vector<Row> rows;
  for (auto& s : statuses) {
    rows.push_back(Row{std::move(s), false, true, {}, {}});
  }
  for (const auto& st : api.gw.stages) {
    bool found = false;
    for (Row& r : rows) {
      if (r.status.stage == st.name) {
        r.declared = found = true;
      }
    }
    if (!found) {
      deploy::StageStatus never;
      never.stage = st.name;
      rows.push_back(Row{std::move(never), true, false, {}, {}});
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.status.stage < b.status.stage; });
  return rows;
}

void print_json(const std::vector<Row>& rows, int64_t now) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    nlohmann::ordered_json drift = nlohmann::ordered_json::array();
    for (const auto& d : r.status.drift) {
      drift.push_back({{"route", d.route}, {"change", d.change}});
    }
    nlohmann::ordered_json row = {
        {"stage", r.status.stage}, {"declared", r.declared}, {"deployed", r.deployed}};
    if (r.deployed) {
      row["deploymentId"] = r.status.deployment_id;
      row["description"] = r.status.description;
      row["deployedAtMs"] = r.status.deployed_at_ms;
      row["ageSeconds"] = (now - r.status.deployed_at_ms) / 1000;
      row["drifted"] = !r.status.drift.empty();
      row["drift"] = drift;
      if (!r.status.variables.empty()) {
        row["variables"] = r.status.variables;
      }
    }
    if (r.canary) {
      row["canary"] = {{"deploymentId", r.canary->deployment_id},
                       {"percentTraffic", r.canary->percent_traffic},
                       {"stageVariableOverrides", r.canary->stage_variable_overrides},
                       {"useStageCache", r.canary->use_stage_cache},
                       {"source", r.canary_source}};
    }
    out.push_back(row);
  }
  std::cout << out.dump(2) << '\n';
}

void print_table(const std::vector<Row>& rows, int64_t now) {
  const bool colour = colour_enabled(stdout);
  std::string out =
      paint(pad("STAGE", 14) + " " + pad("DEPLOYMENT", 12) + " " + pad("AGE", 6) + " STATUS",
            Colour::Bold, colour) +
      "\n";
  for (const Row& r : rows) {
    std::string status;
    if (!r.deployed) {
      status = paint("never deployed", Colour::Yellow, colour);
    } else if (r.status.drift.empty()) {
      status = paint("up to date", Colour::Green, colour);
    } else {
      status = paint("drifted: " + std::to_string(r.status.drift.size()) + " change(s)",
                     Colour::Yellow, colour);
      for (size_t i = 0; i < r.status.drift.size() && i < 3; ++i) {
        status += (i ? ", " : " (") + r.status.drift[i].route + " " + r.status.drift[i].change;
      }
      status += r.status.drift.size() > 3 ? ", ...)" : ")";
    }
    out += pad(r.status.stage, 14) + " " + pad(r.deployed ? r.status.deployment_id : "-", 12) +
           " " + pad(r.deployed ? age(now - r.status.deployed_at_ms) : "-", 6) + " " + status +
           "\n";
    if (!r.status.variables.empty()) {
      std::string vars;
      for (const auto& [k, v] : r.status.variables) {
        vars += (vars.empty() ? "" : ", ") + k + "=" + v;
      }
      out += pad("", 14) + " variables " + vars + " (set by a promotion, over x-gw's)\n";
    }
    if (r.canary) {
      out += pad("", 14) + " " + paint(canary_line(r), Colour::Bold, colour) + "\n";
    }
  }
  if (rows.empty()) {
    out += "no stages: declare them in x-gw.stages or run gw deploy SPEC --stage NAME\n";
  }
  std::cout << out;
}

}  // namespace

void setup_stages(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<StagesOptions>();
  CLI::App* sub = app.add_subcommand("stages", "List stages, their deployments and drift");
  // Not required here: `gw stages promote SPEC` gives it to the subcommand instead.
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", o->state_dir, "Deployments directory (default .gw/ beside SPEC)");
  sub->add_flag("--json", o->json, "Print a stable JSON array");
  sub->require_subcommand(0, 1);
  for (const auto& [name, help] :
       {std::pair<const char*, const char*>{"promote", "Promote the stage's canary (AWS promote)"},
        {"rollback", "Remove the stage's canary (AWS delete-canary)"}}) {
    auto c = std::make_shared<CanaryCommandOptions>();
    c->promote = std::string_view(name) == "promote";
    CLI::App* cmd = sub->add_subcommand(name, help);
    cmd->add_option("spec", c->spec, "OpenAPI spec (YAML or JSON)")->required();
    cmd->add_option("--stage", c->stage, "The stage whose canary it is")->required();
    cmd->add_option("--config", c->config, "x-gw configuration in its own file");
    cmd->add_option("--state-dir", c->state_dir,
                    "Deployments directory (default .gw/ beside SPEC)");
    cmd->add_flag("--json", c->json, "Print the stage as JSON");
    cmd->callback([c, &result] { result = run_canary_command(*c); });
  }
  sub->callback([o, sub, &result] {
    if (!sub->get_subcommands().empty()) {
      return;  // promote / rollback ran
    }
    if (o->spec.empty()) {
      throw CLI::RequiredError("spec");
    }
    result = run_stages(*o);
  });
}

ExitCode run_canary_command(const CanaryCommandOptions& options) {
  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  for (const auto& st : loaded->api->gw.stages) {
    if (st.name == options.stage && st.canary) {
      print_error(Error{ErrorKind::BadInput,
                        "the canary of stage '" + options.stage + "' is declared in x-gw",
                        st.canary->where,
                        options.promote
                            ? "promote it there: set the stage's deployment with gw deploy and "
                              "remove the canary block"
                            : "remove the canary block from x-gw.stages." + options.stage});
      return ExitCode::BadInput;
    }
  }
  const deploy::Store store(options.state_dir.empty() ? model::state_dir_beside(options.spec)
                                                      : options.state_dir);
  SystemClock clock;
  auto status = options.promote ? store.promote_canary(options.stage, epoch_ms(clock.now()))
                                : store.delete_canary(options.stage);
  if (!status) {
    print_error(status.error());
    return exit_code_for(status.error().kind);
  }
  if (options.json) {
    nlohmann::ordered_json out = {{"stage", status->stage},
                                  {"deploymentId", status->deployment_id},
                                  {"variables", status->variables}};
    if (status->canary) {
      out["canary"] = {{"deploymentId", status->canary->deployment_id},
                       {"percentTraffic", status->canary->percent_traffic}};
    }
    std::cout << out.dump(2) << '\n';
    return ExitCode::Ok;
  }
  if (options.promote) {
    std::cout << "promoted the canary of stage '" << status->stage << "': it serves deployment "
              << status->deployment_id << "; the canary keeps 0% of requests (gw stages rollback "
              << options.spec << " --stage " << status->stage << " removes it)\n";
  } else {
    std::cout << "removed the canary of stage '" << status->stage << "': every request runs "
              << "deployment " << status->deployment_id << "\n";
  }
  return ExitCode::Ok;
}

ExitCode run_stages(const StagesOptions& options) {
  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  auto working = deploy::resolve_spec(options.spec);
  if (!working) {
    return report_load_error(working.error());
  }
  const deploy::Store store(options.state_dir.empty() ? model::state_dir_beside(options.spec)
                                                      : options.state_dir);
  auto statuses = deploy::stage_statuses(store, *working);
  if (!statuses) {
    print_error(statuses.error());
    return exit_code_for(statuses.error().kind);
  }
  auto rows = rows_of(*loaded->api, std::move(*statuses));
  add_canaries(*loaded->api, rows);
  SystemClock clock;
  const int64_t now = epoch_ms(clock.now());
  if (options.json) {
    print_json(rows, now);
  } else {
    print_table(rows, now);
  }
  return ExitCode::Ok;
}

}  // namespace gw::cli
