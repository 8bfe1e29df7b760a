#include "cli/cmd_stages.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

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
};

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
    rows.push_back(Row{std::move(s), false, true});
  }
  for (const auto& st : api.gw.stages) {
    bool found = false;
    for (Row& r : rows) {
      if (r.status.stage == st.name) {
        r.declared = found = true;
      }
    }
    if (!found) {
      rows.push_back(Row{deploy::StageStatus{st.name, "", "", 0, {}}, true, false});
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
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", o->state_dir, "Deployments directory (default .gw/ beside SPEC)");
  sub->add_flag("--json", o->json, "Print a stable JSON array");
  sub->callback([o, &result] { result = run_stages(*o); });
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
  const auto rows = rows_of(*loaded->api, std::move(*statuses));
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
