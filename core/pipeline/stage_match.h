#pragma once

/// Step 1, stage match: which stage (deployment) a request addresses.
///
/// Emulates: REST APIs are served under `/{stage}/...` for each stage (x-gw.stages, or one stage
/// named `local` when there are none); an unknown stage answers 403 `{"message":"Forbidden"}`
/// with `x-amzn-ErrorType: ForbiddenException` (fact 75). HTTP APIs serve `$default` at `/` and
/// each named stage at `/{name}`; no stage → 404 `{"message":"Not Found"}` (fact 2). Leading
/// doubled slashes before the stage are ignored (fact 5). Sets the stage variables.
/// Reads: x-gw.stages (names, variables).
/// Produces: fixed 403/404 answers (no gateway response applies: no deployment was reached).
/// Differences: custom domains and base path mappings are not handled here yet.

#include <map>
#include <string>
#include <vector>

#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

struct ServedStage {
  std::string name;       ///< "local", "prod", "$default"
  std::string base_path;  ///< "/prod", "" for $default
  std::map<std::string, std::string> variables;
};

/// The stages an API serves (only_stage: that one alone, "" = all).
std::vector<ServedStage> served_stages(const model::Api& api, const std::string& only_stage);

class StageMatch final : public Step {
 public:
  StageMatch(const model::Api& api, const std::string& only_stage);
  std::string_view name() const override { return "stage"; }
  Flow on_request(Exchange& ex) const override;
  const std::vector<ServedStage>& stages() const { return stages_; }

 private:
  bool rest_;
  std::vector<ServedStage> stages_;
};

}  // namespace gw::pipeline
