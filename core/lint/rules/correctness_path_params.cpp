// correctness-path-params: path parameters not declared, or declared but absent from the path
#include <algorithm>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-path-params", "correctness", Severity::Warning,
    "path parameters not declared, or declared but absent from the path",
    R"doc(Each {name} in a path template needs a parameter with in: path and required: true, and
each in: path parameter must appear in the template. Otherwise API Gateway import fails, or
method.request.path.name mappings point at nothing.

Bad:
  /pets/{petId}:
    get: {parameters: [{name: id, in: path, required: true}]}
Good:
  /pets/{petId}:
    get: {parameters: [{name: petId, in: path, required: true}]})doc"};

class PathParams final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type == model::ApiType::WebSocket) {
      return;
    }
    for (const auto& op : api.operations) {
      const std::vector<std::string> names = path_params(op.path);
      for (const auto& name : names) {
        bool declared = false;
        for (const auto& p : op.parameters) {
          declared = declared || (p.in == "path" && p.name == name);
        }
        if (!declared) {
          out.report(op, op.where,
                     op.method + " " + op.path + ": path parameter '" + name +
                         "' is not declared (in: path)");
        }
      }
      for (const auto& p : op.parameters) {
        if (p.in == "path" && std::find(names.begin(), names.end(), p.name) == names.end()) {
          out.report(op, p.where,
                     op.method + " " + op.path + ": path parameter '" + p.name +
                         "' does not appear in the path");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_path_params() { return std::make_unique<PathParams>(); }

}  // namespace gw::lint::rules
