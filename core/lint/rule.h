#pragma once

/// A lint rule: one API Gateway mistake gw can see in a spec before it is deployed. Each rule
/// lives in its own file under core/lint/rules/ with its id, category, default severity and a
/// doc holding a bad and a good example (`gw lint --explain ID`).

#include <string>
#include <string_view>
#include <vector>

#include "core/base/source_loc.h"
#include "core/model/api.h"
#include "openapi/loader.h"
#include "openapi/node.h"

namespace gw::deploy {
struct StageStatus;
}

namespace gw::lint {

class Prober;  // probe/probe.h

enum class Severity { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity s);
/// "error" | "warning" | "info" (also "warn"); false when unknown.
bool parse_severity(std::string_view text, Severity& out);

/// One finding. `route_path`/`route_method` tie it to an operation for inline ignores.
struct Finding {
  std::string rule;
  Severity severity = Severity::Warning;
  std::string message;
  SourceLoc where;
  std::string route_path;
  std::string route_method;
};

/// What every rule sees. `api` is null when the loader rejected the spec (only rules with
/// needs_model() false run then); `root` is the OpenAPI document's raw tree.
struct Input {
  const model::Api* api = nullptr;
  const openapi::Node* root = nullptr;
  std::shared_ptr<const std::string> file;
  std::string_view text;  ///< the spec file's text (for template positions)
  /// Deployed stages (empty when the spec was never deployed); null when unknown.
  const std::vector<deploy::StageStatus>* stages = nullptr;
  bool state_dir_exists = false;
  /// The ids of the state directory's deployment snapshots; null when unknown.
  const std::vector<std::string>* deployments = nullptr;
  const std::vector<openapi::Warning>* warnings = nullptr;  ///< the loader's
  /// `gw lint --probe`: invokes local functions (probe/probe.h); null = nothing is invoked.
  Prober* probe = nullptr;
};

/// Collects the findings of one rule.
class Sink {
 public:
  Sink(std::string_view rule, Severity severity, std::vector<Finding>& out)
      : rule_(rule), severity_(severity), out_(out) {}
  void report(SourceLoc where, std::string message);
  void report(const model::Operation& op, SourceLoc where, std::string message);

 private:
  std::string_view rule_;
  Severity severity_;
  std::vector<Finding>& out_;
};

struct RuleInfo {
  std::string_view id;        ///< kebab-case, "<category>-<name>"
  std::string_view category;  ///< deploy | cors | proxy | type | security | correctness | lint
  Severity severity;
  std::string_view summary;  ///< one line for --list-rules
  std::string_view doc;      ///< why, then "Bad:" and "Good:" examples
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  /// False for rules that read only the raw tree and so also run on specs the loader rejects.
  virtual bool needs_model() const { return true; }
  virtual void check(const Input& in, Sink& out) const = 0;
};

}  // namespace gw::lint
