#include "core/deploy/state.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "openapi/cloudformation.h"
#include "openapi/refs.h"
#include "openapi/yaml_reader.h"

namespace gw::deploy {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

Result<std::string> read_text(const std::string& path) { return files::read(path); }

Result<bool> write_atomically(const fs::path& path, const std::string& text) {
  return files::write_atomically(path.string(), text);
}

/// Held across a read-modify-write of a stage's record, so two `gw deploy` at once cannot
/// lose each other's change (the second waits for the first). No lock (and no directory made)
/// where there is no state directory yet and `create` is false: there is no record to change.
Result<std::optional<files::FileLock>> lock_records(const std::string& dir, bool create) {
  std::error_code ec;
  if (!create && !fs::is_directory(dir, ec)) {
    return std::nullopt;
  }
  fs::create_directories(dir, ec);
  auto lock = files::FileLock::acquire((fs::path(dir) / "deploy.lock").string());
  GW_TRY(lock);
  return std::optional<files::FileLock>(std::move(*lock));
}

Result<Json> parse_json(std::string_view text, const std::string& what) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::BadInput, what + ": invalid JSON (" + e.what() + ")");
  }
}

std::string short_hash(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 10);
}

/// The OpenAPI document inside a SAM / CloudFormation template, else the root itself.
const openapi::Node* find_spec(const openapi::Node& root) {
  if (!root.is_map() || root.find("openapi") || root.find("swagger")) {
    return &root;
  }
  const openapi::Node* resources = root.find("Resources");
  if (resources == nullptr || !resources->is_map()) {
    return &root;
  }
  for (const auto& e : resources->entries) {
    const openapi::Node* props = e.value.is_map() ? e.value.find("Properties") : nullptr;
    if (props == nullptr || !props->is_map()) {
      continue;
    }
    for (std::string_view key : {"DefinitionBody", "Body"}) {
      if (const openapi::Node* body = props->find(key); body && body->is_map()) {
        return body;
      }
    }
  }
  return &root;
}

Result<StageStatus> status_from(const Json& j, const std::string& file) {
  try {
    StageStatus s;
    s.stage = j.at("stage").get<std::string>();
    s.deployment_id = j.at("deploymentId").get<std::string>();
    s.description = j.value("description", "");
    s.deployed_at_ms = j.value("deployedAtMs", int64_t{0});
    if (j.contains("variables")) {
      s.variables = j.at("variables").get<std::map<std::string, std::string>>();
    }
    if (j.contains("canary")) {
      const Json& c = j.at("canary");
      CanaryRecord r;
      r.deployment_id = c.at("deploymentId").get<std::string>();
      r.percent_traffic = c.value("percentTraffic", 0.0);
      if (c.contains("stageVariableOverrides")) {
        r.stage_variable_overrides =
            c.at("stageVariableOverrides").get<std::map<std::string, std::string>>();
      }
      r.use_stage_cache = c.value("useStageCache", false);
      r.deployed_at_ms = c.value("deployedAtMs", int64_t{0});
      s.canary = std::move(r);
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::BadInput, file + ": not a stage record (" + e.what() + ")");
  }
}

Json canary_json(const CanaryRecord& c) {
  return {{"deploymentId", c.deployment_id},
          {"percentTraffic", c.percent_traffic},
          {"stageVariableOverrides", c.stage_variable_overrides},
          {"useStageCache", c.use_stage_cache},
          {"deployedAtMs", c.deployed_at_ms}};
}

bool valid_stage_name(const std::string& name) {
  if (name == "$default") {
    return true;
  }
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// The stage's record as JSON (an error when the stage was never deployed), and writing it.
Result<Json> record_of(const Store& store, const std::string& stage) {
  auto current = store.stage(stage);
  GW_TRY(current);
  if (!*current) {
    return fail(ErrorKind::BadInput, "stage '" + stage + "' has no deployment in " + store.dir(), {},
                "a canary needs a stage to share its traffic with: gw deploy SPEC --stage " +
                    stage + " first");
  }
  auto text = read_text(store.stage_file(stage));
  GW_TRY(text);
  return parse_json(*text, store.stage_file(stage));
}

Result<StageStatus> write_record(const Store& store, const std::string& stage, const Json& record) {
  GW_TRY(write_atomically(store.stage_file(stage), record.dump(2) + "\n"));
  auto written = store.stage(stage);
  GW_TRY(written);
  return std::move(**written);
}

}  // namespace

Result<Resolved> resolve_spec(const std::string& spec_path) {
  Result<std::string> text = read_text(spec_path);
  GW_TRY(text);
  auto file = std::make_shared<const std::string>(spec_path);
  Result<openapi::Node> parsed = openapi::parse_yaml(*text, file);
  GW_TRY(parsed);
  openapi::resolve_cloudformation(*parsed, parsed->is_map() ? parsed->find("Resources") : nullptr);
  auto root = std::make_shared<const openapi::Node>(std::move(*parsed));
  const openapi::Node* spec = find_spec(*root);
  openapi::RefResolver refs(nullptr);
  refs.set_main(file, root, spec);
  Result<std::string> inlined = refs.inline_json(*spec);
  GW_TRY(inlined);
  Result<Json> doc = parse_json(*inlined, spec_path);
  GW_TRY(doc);
  if (doc->is_object() && doc->contains("x-gw")) {
    // Stage settings, functions and keys stay live; only the API type belongs to the API.
    Json type = (*doc)["x-gw"].is_object() ? (*doc)["x-gw"].value("apiType", Json()) : Json();
    doc->erase("x-gw");
    if (type.is_string()) {
      (*doc)["x-gw"] = {{"apiType", type}};
    }
  }
  Resolved out;
  out.json = doc->dump(-1, ' ', false, Json::error_handler_t::replace);
  out.id = short_hash(out.json);
  return out;
}

bool Store::exists() const {
  std::error_code ec;  // .gw/ also holds other state (usage.json): deployments live in stages/
  return fs::is_directory(fs::path(dir_) / "stages", ec);
}

std::string Store::stage_file(const std::string& name) const {
  return (fs::path(dir_) / "stages" / (name + ".json")).string();
}

std::string Store::snapshot_file(const std::string& id) const {
  return (fs::path(dir_) / "deployments" / (id + ".json")).string();
}

Result<StageStatus> Store::deploy(const Resolved& api, const std::string& stage,
                                  const std::string& description, int64_t now_ms) const {
  if (!valid_stage_name(stage)) {
    return fail(ErrorKind::BadInput, "invalid stage name '" + stage + "'", {},
                "stage names use letters, digits, '-' and '_' (at most 128), or $default");
  }
  auto lock = lock_records(dir_, true);
  GW_TRY(lock);
  const std::string snap = snapshot_file(api.id);
  std::error_code ec;
  if (!fs::exists(snap, ec)) {  // snapshots are immutable: an existing id is the same content
    Result<Json> doc = parse_json(api.json, "the resolved spec");
    GW_TRY(doc);
    GW_TRY(write_atomically(snap, doc->dump(2) + "\n"));
  }
  Json record = {{"stage", stage},
                 {"deploymentId", api.id},
                 {"description", description},
                 {"deployedAtMs", now_ms},
                 {"history", Json::array()}};
  auto previous = this->stage(stage);
  GW_TRY(previous);
  if (*previous) {
    auto old = parse_json(read_text(stage_file(stage)).value_or("{}"), stage_file(stage));
    if (old && old->contains("history") && (*old)["history"].is_array()) {
      record["history"] = (*old)["history"];
    }
    // Stage state a new deployment leaves alone: promoted variables and the canary.
    for (const char* key : {"variables", "canary"}) {
      if (old && old->contains(key)) {
        record[key] = (*old)[key];
      }
    }
  }
  record["history"].push_back(
      {{"deploymentId", api.id}, {"description", description}, {"deployedAtMs", now_ms}});
  GW_TRY(write_atomically(stage_file(stage), record.dump(2) + "\n"));
  auto written = this->stage(stage);
  GW_TRY(written);
  return std::move(**written);
}

Result<StageStatus> Store::deploy_canary(const Resolved& api, const std::string& stage,
                                         CanaryRecord canary, int64_t now_ms) const {
  auto lock = lock_records(dir_, false);
  GW_TRY(lock);
  auto record = record_of(*this, stage);
  GW_TRY(record);
  const std::string snap = snapshot_file(api.id);
  std::error_code ec;
  if (!fs::exists(snap, ec)) {
    Result<Json> doc = parse_json(api.json, "the resolved spec");
    GW_TRY(doc);
    GW_TRY(write_atomically(snap, doc->dump(2) + "\n"));
  }
  canary.deployment_id = api.id;
  canary.deployed_at_ms = now_ms;
  (*record)["canary"] = canary_json(canary);
  return write_record(*this, stage, *record);
}

Result<StageStatus> Store::promote_canary(const std::string& stage, int64_t now_ms) const {
  auto lock = lock_records(dir_, false);
  GW_TRY(lock);
  auto record = record_of(*this, stage);
  GW_TRY(record);
  auto status = status_from(*record, stage_file(stage));
  GW_TRY(status);
  if (!status->canary) {
    return fail(ErrorKind::BadInput, "stage '" + stage + "' has no canary to promote", {},
                "gw deploy SPEC --stage " + stage + " --canary PERCENT makes one");
  }
  CanaryRecord canary = *status->canary;
  (*record)["deploymentId"] = canary.deployment_id;
  (*record)["deployedAtMs"] = now_ms;
  std::map<std::string, std::string> vars = status->variables;
  for (const auto& [name, value] : canary.stage_variable_overrides) {
    vars[name] = value;
  }
  if (!vars.empty()) {
    (*record)["variables"] = vars;
  }
  canary.percent_traffic = 0;  // AWS: promoting does not turn the canary off
  (*record)["canary"] = canary_json(canary);
  if (!record->contains("history") || !(*record)["history"].is_array()) {
    (*record)["history"] = Json::array();
  }
  (*record)["history"].push_back({{"deploymentId", canary.deployment_id},
                                  {"description", "canary promoted"},
                                  {"deployedAtMs", now_ms}});
  return write_record(*this, stage, *record);
}

Result<StageStatus> Store::delete_canary(const std::string& stage) const {
  auto lock = lock_records(dir_, false);
  GW_TRY(lock);
  auto record = record_of(*this, stage);
  GW_TRY(record);
  if (!record->contains("canary")) {
    return fail(ErrorKind::BadInput, "stage '" + stage + "' has no canary to remove");
  }
  record->erase("canary");
  return write_record(*this, stage, *record);
}

bool Store::has_snapshot(const std::string& id) const {
  std::error_code ec;
  return !id.empty() && id.find('/') == std::string::npos && fs::exists(snapshot_file(id), ec);
}

std::vector<std::string> Store::snapshot_ids() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(dir_) / "deployments", ec)) {
    if (e.path().extension() == ".json") {
      out.push_back(e.path().stem().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::optional<StageStatus>> Store::stage(const std::string& name) const {
  const std::string file = stage_file(name);
  std::error_code ec;
  if (!valid_stage_name(name) || !fs::exists(file, ec)) {
    return std::optional<StageStatus>{};
  }
  Result<std::string> text = read_text(file);
  GW_TRY(text);
  Result<Json> j = parse_json(*text, file);
  GW_TRY(j);
  Result<StageStatus> s = status_from(*j, file);
  GW_TRY(s);
  return std::optional<StageStatus>(std::move(*s));
}

Result<std::vector<StageStatus>> Store::stages() const {
  std::vector<StageStatus> out;
  std::error_code ec;
  const fs::path dir = fs::path(dir_) / "stages";
  if (!fs::is_directory(dir, ec)) {
    return out;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path p = entry.path();
    if (p.extension() != ".json") {
      continue;
    }
    auto s = stage(p.stem().string());
    GW_TRY(s);
    if (*s) {
      out.push_back(std::move(**s));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const StageStatus& a, const StageStatus& b) { return a.stage < b.stage; });
  return out;
}

Result<std::string> Store::snapshot_api(const std::string& id) const {
  Result<std::string> text = read_text(snapshot_file(id));
  if (!text) {
    return fail(ErrorKind::BadInput, "deployment " + id + " is missing from " + dir_);
  }
  return text;
}

Result<std::vector<StageStatus>> stage_statuses(const Store& store, const Resolved& working) {
  auto stages = store.stages();
  GW_TRY(stages);
  for (StageStatus& s : *stages) {
    if (s.deployment_id == working.id) {
      continue;
    }
    auto deployed = store.snapshot_api(s.deployment_id);
    GW_TRY(deployed);
    auto d = diff(*deployed, working.json);
    GW_TRY(d);
    s.drift = std::move(*d);
    if (s.drift.empty()) {  // same API, different bytes (formatting): still a drift to say
      s.drift.push_back(RouteDiff{"(api)", "changed"});
    }
  }
  return stages;
}

}  // namespace gw::deploy
