// cors-missing-preflight: a REST resource called cross-origin has no OPTIONS method.

#include <set>

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-missing-preflight", "cors", Severity::Warning,
    "a REST resource has no OPTIONS preflight while the API uses CORS",
    R"doc(A REST API answers CORS preflights only where an OPTIONS method exists (usually a MOCK
integration returning the Access-Control-Allow-* headers). When the API shows it is called
cross-origin (some resource has a preflight or sends Access-Control-Allow-Origin), a resource
without OPTIONS makes browsers fail every non-simple request to it with a CORS error,
although curl works.

Bad:
  /pets:    {get: ..., options: {x-amazon-apigateway-integration: {type: mock, ...}}}
  /orders:  {post: ...}                          # no options
Good:
  /orders:  {post: ..., options: {x-amazon-apigateway-integration: {type: mock, ...}}})doc"};

class MissingPreflight final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (!rest_cors_in_use(api)) {
      return;
    }
    std::set<std::string> with_options;
    for (const auto& op : api.operations) {
      if (op.method == "OPTIONS" || op.method == "ANY") {
        with_options.insert(op.path);
      }
    }
    std::set<std::string> reported;
    for (const auto& op : api.operations) {
      if (!with_options.contains(op.path) && reported.insert(op.path).second) {
        out.report(
            op, op.where,
            "resource " + op.path + " has no OPTIONS method: browsers' CORS preflights to it fail");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_missing_preflight() { return std::make_unique<MissingPreflight>(); }

}  // namespace gw::lint::rules
