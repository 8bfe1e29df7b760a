#include "core/pipeline/stage_match.h"

#include <algorithm>

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

std::vector<ServedStage> served_stages(const model::Api& api, const std::string& only_stage) {
  std::vector<ServedStage> out;
  bool rest = api.type != model::ApiType::Http;
  for (const model::StageConfig& s : api.gw.stages) {
    std::string base = !rest && s.name == "$default" ? "" : "/" + s.name;
    out.push_back({s.name, std::move(base), s.variables, {}, rest && s.tracing_enabled});
  }
  if (out.empty()) {
    out.push_back(rest ? ServedStage{"local", "/local", {}, {}, false}
                       : ServedStage{"$default", "", {}, {}, false});
  }
  if (!only_stage.empty()) {
    std::erase_if(out, [&](const ServedStage& s) { return s.name != only_stage; });
    if (out.empty()) {
      bool dflt = !rest && only_stage == "$default";
      out.push_back({only_stage, dflt ? "" : "/" + only_stage, {}, {}, false});
    }
  }
  return out;
}

const ServedStage* match_stage(const std::vector<ServedStage>& stages, bool rest,
                               std::string_view path, std::string_view* rest_path) {
  if (rest) {
    while (path.size() > 1 && path[0] == '/' && path[1] == '/') {
      path.remove_prefix(1);  // fact 5: "//stage/x" is "/stage/x"
    }
  }
  const ServedStage* found = nullptr;
  const ServedStage* fallback = nullptr;
  for (const ServedStage& s : stages) {
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
  if (rest_path != nullptr) {
    *rest_path = found != nullptr ? path.substr(found->base_path.size()) : path;
  }
  return found != nullptr ? found : fallback;
}

StageMatch::StageMatch(const model::Api& api, const std::string& only_stage, bool canary,
                       const std::vector<std::string>& canary_stages)
    : rest_(api.type != model::ApiType::Http), stages_(served_stages(api, only_stage)) {
  for (ServedStage& s : stages_) {
    if (canary || std::find(canary_stages.begin(), canary_stages.end(), s.name) !=
                      canary_stages.end()) {
      s.canary_request = canary;
    }
  }
}

Flow StageMatch::on_request(Exchange& ex) const {
  std::string_view rest;
  const ServedStage* found = match_stage(stages_, rest_, ex.request.path, &rest);
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
  ex.context.is_canary_request = found->canary_request;
  ex.trace_context.set_tracing_enabled(found->tracing_enabled);
  if (found->tracing_enabled) {
    ex.context.xray_trace_id = ex.trace_context.trace_id();
  }
  if (found->canary_request) {
    ex.trace("stage: ", found->name, *found->canary_request ? " (canary)" : " (not the canary)");
  } else {
    ex.trace("stage: ", found->name);
  }
  return Flow::Continue;
}

}  // namespace gw::pipeline
