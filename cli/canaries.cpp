#include "cli/canaries.h"

#include <cstdio>

#include "cli/spec_loading.h"
#include "core/deploy/state.h"
#include "core/model/api.h"
#include "core/pipeline/stage_match.h"

namespace gw::cli {
namespace {

/// One stage's canary, wherever it was declared.
struct Declared {
  std::string stage;
  std::string deployment_id;
  double percent = 0;
  std::map<std::string, std::string> overrides;
  bool use_stage_cache = false;
  SourceLoc where;             ///< x-gw's; unknown for a gw deploy --canary one
  SourceLoc deployment_where;
};

model::StageConfig& stage_config(model::Api& api, const std::string& name) {
  for (model::StageConfig& s : api.gw.stages) {
    if (s.name == name) {
      return s;
    }
  }
  model::StageConfig s;
  s.name = name;
  api.gw.stages.push_back(std::move(s));
  return api.gw.stages.back();
}

const model::Canary* declared_in_xgw(const model::Api& api, const std::string& stage) {
  for (const model::StageConfig& s : api.gw.stages) {
    if (s.name == stage && s.canary) {
      return &*s.canary;
    }
  }
  return nullptr;
}

Result<std::optional<Declared>> canary_of(const model::Api& api, const std::string& stage,
                                          const std::optional<deploy::StageStatus>& record) {
  const model::Canary* x = declared_in_xgw(api, stage);
  const bool recorded = record && record->canary;
  if (x != nullptr && recorded) {
    return fail(ErrorKind::BadInput,
                "stage '" + stage + "' has two canaries: this one and deployment " +
                    record->canary->deployment_id + " from gw deploy --canary",
                x->where,
                "keep one: remove this block, or gw stages rollback SPEC --stage " + stage);
  }
  if (x != nullptr) {
    return std::optional<Declared>(Declared{stage, x->deployment_id, x->percent_traffic,
                                            x->stage_variable_overrides, x->use_stage_cache,
                                            x->where, x->deployment_where});
  }
  if (recorded) {
    const deploy::CanaryRecord& c = *record->canary;
    return std::optional<Declared>(Declared{stage, c.deployment_id, c.percent_traffic,
                                            c.stage_variable_overrides, c.use_stage_cache,
                                            {}, {}});
  }
  return std::optional<Declared>();
}

std::string known_deployments(const deploy::Store& store) {
  std::string list;
  for (const std::string& id : store.snapshot_ids()) {
    list += (list.empty() ? "" : ", ") + id;
  }
  return list.empty() ? "there are none yet" : "known: " + list;
}

Result<pipeline::CanaryModel> build_canary(const model::Api& stage_api, const deploy::Store& store,
                                           const Declared& d, const std::string& spec) {
  if (!store.has_snapshot(d.deployment_id)) {
    return fail(ErrorKind::BadInput,
                "the canary of stage '" + d.stage + "' names deployment '" + d.deployment_id +
                    "', which is not in " + store.dir(),
                d.deployment_where,
                known_deployments(store) + (d.where.known()
                                                ? std::string("; the id is what gw deploy prints")
                                                : "; gw deploy " + spec + " --stage " + d.stage +
                                                      " --canary PERCENT makes one"));
  }
  auto snapshot = openapi::load(store.snapshot_file(d.deployment_id));
  if (!snapshot) {
    return fail(ErrorKind::BadInput,
                "the canary of stage '" + d.stage + "' runs deployment " + d.deployment_id +
                    ", which cannot be loaded: " + snapshot.error().str(),
                d.deployment_where, "redeploy the canary: gw deploy " + spec + " --stage " +
                                        d.stage + " --canary PERCENT");
  }
  model::Api deployed = *snapshot->api;
  deployed.spec_path = stage_api.spec_path;  // functions' code and the state dir: the spec's
  pipeline::CanaryModel m;
  m.stage = d.stage;
  m.percent = d.percent;
  m.use_stage_cache = d.use_stage_cache;
  m.api = pipeline::canary_api(deployed, stage_api.gw, d.stage, d.overrides, d.deployment_id);
  return m;
}

}  // namespace

std::string percent_text(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", percent);
  return buf;
}

Result<std::vector<pipeline::CanaryModel>> load_canaries(openapi::Loaded& loaded,
                                                         const std::string& spec,
                                                         const std::string& only_stage,
                                                         const std::string& state_dir,
                                                         std::vector<std::string>* notes) {
  const deploy::Store store(state_dir.empty() ? model::state_dir_beside(spec) : state_dir);
  const std::vector<pipeline::ServedStage> served = pipeline::served_stages(*loaded.api, only_stage);
  std::vector<std::optional<deploy::StageStatus>> records;
  auto api = std::make_shared<model::Api>(*loaded.api);
  for (const pipeline::ServedStage& s : served) {
    auto record = store.stage(s.name);
    GW_TRY(record);
    loaded.files.push_back(store.stage_file(s.name));
    if (*record && !(*record)->variables.empty()) {
      for (const auto& [name, value] : (*record)->variables) {
        stage_config(*api, s.name).variables[name] = value;  // promoted from a canary
      }
    }
    records.push_back(std::move(*record));
  }
  std::vector<pipeline::CanaryModel> out;
  for (size_t i = 0; i < served.size(); ++i) {
    auto declared = canary_of(*api, served[i].name, records[i]);
    GW_TRY(declared);
    if (!*declared) {
      continue;
    }
    if (api->type != model::ApiType::Rest) {
      openapi::Warning w;
      w.message = "stage '" + served[i].name +
                  "' has a canary, which is not served: canary releases are a REST API feature";
      w.where = (*declared)->where;
      w.hint = "HTTP API stages have no canary settings on AWS (gw lint: type-http-canary)";
      print_warning(w);
      continue;
    }
    auto canary = build_canary(*api, store, **declared, spec);
    GW_TRY(canary);
    if (notes != nullptr) {
      notes->push_back("stage '" + served[i].name + "': canary " + percent_text(canary->percent) +
                       " of requests to deployment " + (*declared)->deployment_id +
                       (canary->use_stage_cache ? " (using the stage cache)" : ""));
    }
    out.push_back(std::move(*canary));
  }
  loaded.api = std::move(api);
  return out;
}

}  // namespace gw::cli
