// correctness-timeout-range: an integration timeout outside 50 ms - 29 s (30 s for HTTP APIs).

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-timeout-range", "correctness", Severity::Error,
    "an integration timeoutInMillis outside 50-29000 (30000 for HTTP APIs)",
    R"doc(API Gateway accepts integration timeouts from 50 ms to 29 s for REST APIs and up to 30 s
for HTTP APIs (AWS fact 34); other values fail the import. A backend slower than the limit
gets 504 "Endpoint request timed out" whatever the setting. Runs on the raw document, so it
also reports what stops the spec from loading.

Bad:
  x-amazon-apigateway-integration: {type: http_proxy, uri: ..., timeoutInMillis: 60000}
Good:
  x-amazon-apigateway-integration: {type: http_proxy, uri: ..., timeoutInMillis: 29000})doc"};

bool looks_http(const Input& in) {
  if (in.api != nullptr) {
    return in.api->type == model::ApiType::Http;
  }
  const openapi::Node* gw = in.root->find("x-gw");
  const openapi::Node* type = gw && gw->is_map() ? gw->find("apiType") : nullptr;
  if (type != nullptr) {
    return to_upper(type->text) == "HTTP";
  }
  return in.root->find("x-amazon-apigateway-importexport-version") != nullptr ||
         in.root->find("x-amazon-apigateway-cors") != nullptr;
}

class TimeoutRange final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    const openapi::Node* paths = in.root && in.root->is_map() ? in.root->find("paths") : nullptr;
    if (paths == nullptr || !paths->is_map()) {
      return;
    }
    const int max = looks_http(in) ? 30000 : 29000;
    for (const auto& item : paths->entries) {
      for (const auto& op : item.value.entries) {
        const openapi::Node* integ =
            op.value.is_map() ? op.value.find("x-amazon-apigateway-integration") : nullptr;
        const openapi::Node* t =
            integ && integ->is_map() ? integ->find("timeoutInMillis") : nullptr;
        if (t == nullptr || t->kind != openapi::Node::Kind::Number) {
          continue;
        }
        if (t->number < 50 || t->number > max) {
          out.report(t->loc, to_upper(op.key) + " " + item.key + ": timeoutInMillis " + t->text +
                                 " is outside 50-" + std::to_string(max) + " (fact 34)");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_timeout_range() { return std::make_unique<TimeoutRange>(); }

}  // namespace gw::lint::rules
