// security-tls-policy: a TLS security policy below 1.2.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-tls-policy", "security", Severity::Warning,
    "a TLS security policy below TLS 1.2 (TLS_1_0)",
    R"doc(The TLS_1_0 security policy lets clients negotiate TLS 1.0 and 1.1, which are
deprecated and fail most compliance checks. Use TLS_1_2 (x-amazon-apigateway-security-policy,
or securityPolicy on an x-gw.domains entry).

Bad:
  x-amazon-apigateway-security-policy: TLS_1_0
Good:
  x-amazon-apigateway-security-policy: TLS_1_2)doc"};

void check_value(const openapi::Node* v, const std::string& what, Sink& out) {
  if (v == nullptr || !v->is_scalar()) {
    return;
  }
  const std::string u = to_upper(v->text);
  if (u == "TLS_1_0" || u == "TLS_1_1" || u.starts_with("SECURITYPOLICY_TLS10") ||
      u.starts_with("SECURITYPOLICY_TLS11")) {
    out.report(v->loc, what + " uses " + v->text + ": allow TLS 1.2 or later only (TLS_1_2)");
  }
}

class TlsPolicy final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    if (in.root == nullptr || !in.root->is_map()) {
      return;
    }
    check_value(in.root->find("x-amazon-apigateway-security-policy"), "the API", out);
    const openapi::Node* gw = in.root->find("x-gw");
    const openapi::Node* domains = gw && gw->is_map() ? gw->find("domains") : nullptr;
    if (domains != nullptr && domains->is_map()) {
      for (const auto& d : domains->entries) {
        if (d.value.is_map()) {
          check_value(d.value.find("securityPolicy"), "domain " + d.key, out);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_tls_policy() { return std::make_unique<TlsPolicy>(); }

}  // namespace gw::lint::rules
