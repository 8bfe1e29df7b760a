#include "cli/cmd_deploy.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/canaries.h"
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
  sub->add_option("--canary", o->canary,
                  "Make the snapshot the stage's canary, serving PERCENT % of its requests")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_option("--canary-variable", o->canary_variables,
                  "NAME=VALUE: a stage variable the canary overrides or adds (repeatable)");
  sub->add_flag("--canary-use-stage-cache", o->canary_use_stage_cache,
                "The canary reads and fills the stage's cache (default: one of its own)");
  sub->callback([o, &result] { result = run_deploy(*o); });
}

namespace {

Result<deploy::CanaryRecord> canary_settings(const DeployOptions& o, const model::Api& api) {
  if (api.type != model::ApiType::Rest) {
    return fail(ErrorKind::BadInput,
                "canary releases are a REST API feature: this is a " +
                    std::string(model::to_string(api.type)) + " API",
                {}, "HTTP API stages have no canary settings on AWS");
  }
  deploy::CanaryRecord c;
  c.percent_traffic = *o.canary;
  c.use_stage_cache = o.canary_use_stage_cache;
  for (const std::string& kv : o.canary_variables) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail(ErrorKind::BadInput, "--canary-variable '" + kv + "' is not NAME=VALUE");
    }
    c.stage_variable_overrides[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& st : api.gw.stages) {
    if (st.name == o.stage && st.canary) {
      return fail(ErrorKind::BadInput,
                  "stage '" + o.stage + "' has its canary declared in x-gw", st.canary->where,
                  "change that block, or remove it to let gw deploy --canary manage the canary");
    }
  }
  return c;
}

ExitCode report_canary(const DeployOptions& options, const deploy::StageStatus& status,
                       size_t routes, const std::string& dir) {
  const deploy::CanaryRecord& c = *status.canary;
  if (options.json) {
    nlohmann::ordered_json out = {{"stage", status.stage},
                                  {"deploymentId", status.deployment_id},
                                  {"canary",
                                   {{"deploymentId", c.deployment_id},
                                    {"percentTraffic", c.percent_traffic},
                                    {"stageVariableOverrides", c.stage_variable_overrides},
                                    {"useStageCache", c.use_stage_cache}}},
                                  {"routes", routes},
                                  {"stateDir", dir}};
    std::cout << out.dump(2) << '\n';
    return ExitCode::Ok;
  }
  std::cout << "deployed " << c.deployment_id << " as the canary of stage '" << status.stage
            << "' (" << percent_text(c.percent_traffic) << " of requests, " << routes
            << " routes; the stage keeps " << status.deployment_id << ") in " << dir << '\n';
  return ExitCode::Ok;
}

}  // namespace

ExitCode run_deploy(const DeployOptions& options) {
  if (!options.canary && (!options.canary_variables.empty() || options.canary_use_stage_cache)) {
    print_error(Error{ErrorKind::BadInput,
                      "--canary-variable and --canary-use-stage-cache need --canary PERCENT",
                      {}, ""});
    return ExitCode::BadInput;
  }
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
  if (options.canary) {
    auto settings = canary_settings(options, *loaded->api);
    if (!settings) {
      return report_load_error(settings.error());
    }
    auto status =
        store.deploy_canary(*resolved, options.stage, *settings, epoch_ms(clock.now()));
    if (!status) {
      print_error(status.error());
      return exit_code_for(status.error().kind);
    }
    return report_canary(options, *status, loaded->api->operations.size(), store.dir());
  }
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
  if (status->canary) {
    std::cout << "stage '" << status->stage << "' keeps its canary ("
              << percent_text(status->canary->percent_traffic) << " to "
              << status->canary->deployment_id << "): gw stages promote or rollback "
              << options.spec << " --stage " << status->stage << '\n';
  }
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
