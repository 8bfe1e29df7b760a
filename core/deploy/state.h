#pragma once

/// Deployments and stages (DESIGN.md §4, AWS fact 68): `gw deploy` freezes the resolved API
/// (every $ref inlined, CloudFormation evaluated, the x-gw block left out: stage settings stay
/// live as on AWS) into an immutable snapshot named by a short content hash, and points a stage
/// at it. Layout of the state directory (`.gw/` beside the spec unless --state-dir):
///
///   deployments/<id>.json   the snapshot: {"id", "createdDate", "description", "api": {...}}
///   stages/<name>.json      {"stage", "deploymentId", "description", "deployedAt", "history",
///                            "variables" (promoted from a canary), "canary" (canarySettings)}
///
/// Canary releases (AWS fact 69) are stage state, as on AWS: `gw deploy --canary` writes the
/// stage's "canary" {deploymentId, percentTraffic, stageVariableOverrides, useStageCache};
/// promote and delete-canary rewrite it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw::deploy {

/// The spec resolved to one JSON document (x-gw removed), and its deployment id.
struct Resolved {
  std::string json;  ///< compact, canonical for hashing
  std::string id;    ///< 10 hex digits of its hash
};

/// How a deployed API differs from the working spec, one entry per route ("GET /pets") or
/// API-level key ("(api) x-amazon-apigateway-gateway-responses").
struct RouteDiff {
  std::string route;
  std::string change;  ///< added | removed | changed
};

/// A stage's canary release (canarySettings).
struct CanaryRecord {
  std::string deployment_id;
  double percent_traffic = 0;
  std::map<std::string, std::string> stage_variable_overrides;
  bool use_stage_cache = false;
  int64_t deployed_at_ms = 0;
};

struct StageStatus {
  std::string stage;
  std::string deployment_id;
  std::string description;
  int64_t deployed_at_ms = 0;
  std::vector<RouteDiff> drift;  ///< empty when the deployment matches the spec
  /// Stage variables set on the stage itself (a promoted canary's overrides), over x-gw's.
  std::map<std::string, std::string> variables;
  std::optional<CanaryRecord> canary;
};

/// Reads and resolves the spec at `spec_path` (same file/$ref/CloudFormation rules as the loader).
Result<Resolved> resolve_spec(const std::string& spec_path);

/// Route by route differences between two resolved documents (JSON text).
Result<std::vector<RouteDiff>> diff(std::string_view deployed, std::string_view working);

class Store {
 public:
  explicit Store(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  /// True once something was deployed here (the directory may hold other state too).
  bool exists() const;

  /// Writes the snapshot (when new) and points `stage` at it.
  Result<StageStatus> deploy(const Resolved& api, const std::string& stage,
                             const std::string& description, int64_t now_ms) const;
  /// Writes the snapshot (when new) and makes it the canary of `stage`, which must have a
  /// deployment (AWS: a canary needs an existing stage). Replaces an earlier canary.
  Result<StageStatus> deploy_canary(const Resolved& api, const std::string& stage,
                                    CanaryRecord canary, int64_t now_ms) const;
  /// AWS's promotion: the canary's deployment becomes the stage's, its stageVariableOverrides
  /// become stage variables, its percentTraffic 0 (the canary itself stays, as on AWS).
  Result<StageStatus> promote_canary(const std::string& stage, int64_t now_ms) const;
  /// AWS's delete-canary: the stage's canary settings removed.
  Result<StageStatus> delete_canary(const std::string& stage) const;
  /// True when the snapshot `id` is in this store.
  bool has_snapshot(const std::string& id) const;
  /// The ids of the snapshots in this store, sorted.
  std::vector<std::string> snapshot_ids() const;
  /// Every stage with a deployment, sorted by name (drift left empty).
  Result<std::vector<StageStatus>> stages() const;
  /// The stage's record, or nullopt when it was never deployed.
  Result<std::optional<StageStatus>> stage(const std::string& name) const;
  /// The snapshot's API document (JSON text, pretty).
  Result<std::string> snapshot_api(const std::string& id) const;
  /// Path of the stage's pointer file (watched by `gw serve`).
  std::string stage_file(const std::string& name) const;
  std::string snapshot_file(const std::string& id) const;

 private:
  std::string dir_;
};

/// Every deployed stage with its drift from `working` (resolve_spec's result).
Result<std::vector<StageStatus>> stage_statuses(const Store& store, const Resolved& working);

}  // namespace gw::deploy
