#pragma once

/// Deployments and stages (DESIGN.md §4, AWS fact 68): `gw deploy` freezes the resolved API
/// (every $ref inlined, CloudFormation evaluated, the x-gw block left out: stage settings stay
/// live as on AWS) into an immutable snapshot named by a short content hash, and points a stage
/// at it. Layout of the state directory (`.gw/` beside the spec unless --state-dir):
///
///   deployments/<id>.json   the snapshot: {"id", "createdDate", "description", "api": {...}}
///   stages/<name>.json      {"stage", "deploymentId", "description", "deployedAt", "history"}

#include <cstdint>
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

struct StageStatus {
  std::string stage;
  std::string deployment_id;
  std::string description;
  int64_t deployed_at_ms = 0;
  std::vector<RouteDiff> drift;  ///< empty when the deployment matches the spec
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
