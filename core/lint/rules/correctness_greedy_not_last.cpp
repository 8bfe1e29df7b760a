// correctness-greedy-not-last: a greedy path variable {name+} that is not the last segment
#include <set>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-greedy-not-last", "correctness", Severity::Error,
    "a greedy path variable {name+} that is not the last segment",
    R"doc(A greedy path variable ({proxy+}) matches the rest of the path, so API Gateway only
accepts it as the last segment of a resource path; anything after it is an import error.

Bad:
  /files/{path+}/meta:
Good:
  /files/{path+}:)doc"};

class GreedyNotLast final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    std::set<std::string> seen;
    for (const auto& op : api.operations) {
      const size_t plus = op.path.find("+}");
      if (plus != std::string::npos && plus + 2 != op.path.size() && seen.insert(op.path).second) {
        out.report(op, op.where,
                   "the greedy variable in " + op.path + " must be the last path segment");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_greedy_not_last() {
  return std::make_unique<GreedyNotLast>();
}

}  // namespace gw::lint::rules
