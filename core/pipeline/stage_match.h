#pragma once

/// Step 1, stage match: which stage (deployment) a request addresses.
///
/// Emulates: REST APIs are served under `/{stage}/...` for each stage (x-gw.stages, or one stage
/// named `local` when there are none); an unknown stage answers 403 `{"message":"Forbidden"}`
/// with `x-amzn-ErrorType: ForbiddenException` (fact 75). HTTP APIs serve `$default` at `/` and
/// each named stage at `/{name}`; no stage → 404 `{"message":"Not Found"}` (fact 2). Leading
/// doubled slashes before the stage are ignored (fact 5). Sets the stage variables.
/// Sets `$context.isCanaryRequest` for a stage with a canary release (fact 69): `true` on the
/// canary's Gateway, `false` on the stage's own; absent for stages without a canary, as AWS's
/// mapping-template reference says ("present only when you enabled a canary").
/// Applies the stage's tracingEnabled to the request's trace context (core/observe/trace.h):
/// the X-Amzn-Trace-Id Parent and sampling decision, and `$context.xrayTraceId`, set only on a
/// tracing stage as on AWS.
/// Reads: x-gw.stages (names, variables, tracingEnabled).
/// Produces: fixed 403/404 answers (no gateway response applies: no deployment was reached).
/// Differences: custom domains and base path mappings are not handled here yet.

#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

struct ServedStage {
  std::string name;       ///< "local", "prod", "$default"
  std::string base_path;  ///< "/prod", "" for $default
  std::map<std::string, std::string> variables;
  std::optional<bool> canary_request;  ///< $context.isCanaryRequest; none without a canary
  bool tracing_enabled = false;        ///< tracingEnabled: X-Ray segments for its requests
};

/// The stages an API serves (only_stage: that one alone, "" = all).
std::vector<ServedStage> served_stages(const model::Api& api, const std::string& only_stage);

/// The stage a request path addresses (REST `/{stage}/...`, an HTTP API's `$default` at `/`),
/// or nullptr; `rest_path` gets the path below the stage.
const ServedStage* match_stage(const std::vector<ServedStage>& stages, bool rest,
                               std::string_view path, std::string_view* rest_path = nullptr);

class StageMatch final : public Step {
 public:
  /// `canary`: this Gateway serves canary deployments; `canary_stages`: the stages whose
  /// traffic is split with a canary (both only set $context.isCanaryRequest).
  StageMatch(const model::Api& api, const std::string& only_stage, bool canary = false,
             const std::vector<std::string>& canary_stages = {});
  std::string_view name() const override { return "stage"; }
  Flow on_request(Exchange& ex) const override;
  const std::vector<ServedStage>& stages() const { return stages_; }

 private:
  bool rest_;
  std::vector<ServedStage> stages_;
};

}  // namespace gw::pipeline
