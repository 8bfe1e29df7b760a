#include "cli/cmd_deploy.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/spec_loading.h"
#include "core/base/clock.h"
#include "core/deploy/state.h"
#include "core/model/api.h"

namespace gw::cli {

void setup_deploy(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<DeployOptions>();
  CLI::App* sub = app.add_subcommand("deploy", "Snapshot the API and point a stage at it");
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("--stage", o->stage, "Stage to deploy to")->required();
  sub->add_option("--description", o->description, "Deployment description");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", o->state_dir, "Deployments directory (default .gw/ beside SPEC)");
  sub->add_flag("--json", o->json, "Print the deployment as JSON");
  sub->callback([o, &result] { result = run_deploy(*o); });
}

ExitCode run_deploy(const DeployOptions& options) {
  auto loaded = load_spec(options.spec, options.config);  // never deploy what cannot be served
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  warn_undeclared_stage(*loaded->api, options.stage);
  auto resolved = deploy::resolve_spec(options.spec);
  if (!resolved) {
    return report_load_error(resolved.error());
  }
  const deploy::Store store(options.state_dir.empty() ? model::state_dir_beside(options.spec)
                                                      : options.state_dir);
  auto previous = store.stage(options.stage);
  SystemClock clock;
  auto status = store.deploy(*resolved, options.stage, options.description, epoch_ms(clock.now()));
  if (!status) {
    print_error(status.error());
    return exit_code_for(status.error().kind);
  }
  const std::string before = previous && *previous ? (*previous)->deployment_id : std::string();
  if (options.json) {
    nlohmann::ordered_json out = {{"stage", status->stage},
                                  {"deploymentId", status->deployment_id},
                                  {"previousDeploymentId", before},
                                  {"description", status->description},
                                  {"deployedAtMs", status->deployed_at_ms},
                                  {"routes", loaded->api->operations.size()},
                                  {"stateDir", store.dir()}};
    std::cout << out.dump(2) << '\n';
    return ExitCode::Ok;
  }
  std::string line = "deployed " + status->deployment_id + " to stage '" + status->stage + "' (" +
                     std::to_string(loaded->api->operations.size()) + " routes";
  if (before == status->deployment_id) {
    line += ", unchanged";
  } else if (!before.empty()) {
    line += ", was " + before;
  }
  std::cout << line << ") in " << store.dir() << '\n';
  return ExitCode::Ok;
}

}  // namespace gw::cli

namespace gw::cli {
namespace {

void warn_drift(const std::string& stage, const std::string& id, const std::string& spec,
                const std::vector<deploy::RouteDiff>& drift) {
  std::string list;
  for (size_t i = 0; i < drift.size() && i < 5; ++i) {
    list += (i ? ", " : "") + drift[i].route + " " + drift[i].change;
  }
  if (drift.size() > 5) {
    list += ", ...";
  }
  print_warning(openapi::Warning{"the spec has drifted from deployment " + id + " of stage '" +
                                     stage + "' (" + list +
                                     "): serving the deployment, edits are not live",
                                 {},
                                 "gw deploy " + spec + " --stage " + stage + " makes them live"});
}

}  // namespace

Result<std::string> use_deployment(openapi::Loaded& loaded, const std::string& spec,
                                   const std::string& stage, const std::string& state_dir) {
  if (stage.empty()) {
    return std::string();
  }
  const deploy::Store store(state_dir.empty() ? model::state_dir_beside(spec) : state_dir);
  auto record = store.stage(stage);
  GW_TRY(record);
  if (!*record) {
    return std::string();
  }
  const std::string id = (*record)->deployment_id;
  auto snapshot = openapi::load(store.snapshot_file(id));
  if (!snapshot) {
    return fail(ErrorKind::BadInput,
                "stage '" + stage + "' points at deployment " + id +
                    ", which cannot be loaded: " + snapshot.error().str(),
                {}, "redeploy it: gw deploy " + spec + " --stage " + stage);
  }
  auto api = std::make_shared<model::Api>(*snapshot->api);
  api->gw = loaded.api->gw;
  api->spec_path = loaded.api->spec_path;
  api->deployment_id = id;
  loaded.api = std::move(api);
  loaded.files.push_back(store.stage_file(stage));
  if (auto working = deploy::resolve_spec(spec); working && working->id != id) {
    auto snap_text = store.snapshot_api(id);
    auto drift = snap_text ? deploy::diff(*snap_text, working->json)
                           : Result<std::vector<deploy::RouteDiff>>{};
    if (drift && drift->empty()) {
      drift->push_back(deploy::RouteDiff{"(api)", "changed"});
    }
    if (drift) {
      warn_drift(stage, id, spec, *drift);
    }
  }
  return "serving stage '" + stage + "' from deployment " + id + " (gw deploy " + spec +
         " --stage " + stage + " to update it)";
}

}  // namespace gw::cli
