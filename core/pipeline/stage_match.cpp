#include "core/pipeline/stage_match.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

std::vector<ServedStage> served_stages(const model::Api& api, const std::string& only_stage) {
  std::vector<ServedStage> out;
  bool rest = api.type != model::ApiType::Http;
  for (const model::StageConfig& s : api.gw.stages) {
    std::string base = !rest && s.name == "$default" ? "" : "/" + s.name;
    out.push_back({s.name, std::move(base), s.variables});
  }
  if (out.empty()) {
    out.push_back(rest ? ServedStage{"local", "/local", {}} : ServedStage{"$default", "", {}});
  }
  if (!only_stage.empty()) {
    std::erase_if(out, [&](const ServedStage& s) { return s.name != only_stage; });
    if (out.empty()) {
      bool dflt = !rest && only_stage == "$default";
      out.push_back({only_stage, dflt ? "" : "/" + only_stage, {}});
    }
  }
  return out;
}

StageMatch::StageMatch(const model::Api& api, const std::string& only_stage)
    : rest_(api.type != model::ApiType::Http), stages_(served_stages(api, only_stage)) {}

Flow StageMatch::on_request(Exchange& ex) const {
  std::string_view path = ex.request.path;
  if (rest_) {
    while (path.size() > 1 && path[0] == '/' && path[1] == '/') {
      path.remove_prefix(1);  // fact 5: "//stage/x" is "/stage/x"
    }
  }
  const ServedStage* found = nullptr;
  const ServedStage* fallback = nullptr;
  for (const ServedStage& s : stages_) {
    if (s.base_path.empty()) {
      fallback = &s;
      continue;
    }
    if (path.starts_with(s.base_path) &&
        (path.size() == s.base_path.size() || path[s.base_path.size()] == '/')) {
      found = &s;
      break;
    }
  }
  std::string_view rest = found != nullptr ? path.substr(found->base_path.size()) : path;
  found = found != nullptr ? found : fallback;
  if (found == nullptr) {
    ex.trace("stage: ", ex.request.path, " -> no stage");
    if (rest_) {
      return ex.respond_fixed(403, "Forbidden", "ForbiddenException");  // fact 75
    }
    return ex.respond_fixed(404, "Not Found", "");  // fact 2
  }
  ex.stage_name = found->name;
  ex.base_path = found->base_path;
  ex.path_in_stage = rest.empty() ? std::string_view("/") : rest;
  ex.stage_variables = &found->variables;
  ex.context.stage = found->name;
  ex.trace("stage: ", found->name);
  return Flow::Continue;
}

}  // namespace gw::pipeline
