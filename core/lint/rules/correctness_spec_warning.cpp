// correctness-spec-warning: what the loader noticed but let through (unknown keys, typos).

#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-spec-warning", "correctness", Severity::Warning,
    "an unknown x-amazon-apigateway-* extension or key (often a typo) the import ignores",
    R"doc(API Gateway ignores extension keys it does not know, so a misspelt
x-amazon-apigateway-integraton or `passthroughBehaviour` silently changes nothing. These
are the loader's warnings, with its did-you-mean hint.

Bad:
  x-amazon-apigateway-integraton: {type: mock}
Good:
  x-amazon-apigateway-integration: {type: mock})doc"};

class SpecWarning final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    if (in.warnings == nullptr) {
      return;
    }
    for (const auto& w : *in.warnings) {
      if (w.message.starts_with("evaluated ")) {
        continue;  // CloudFormation evaluated locally: a note, not a mistake
      }
      out.report(w.where, w.hint.empty() ? w.message : w.message + " (" + w.hint + ")");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_spec_warning() { return std::make_unique<SpecWarning>(); }

}  // namespace gw::lint::rules
