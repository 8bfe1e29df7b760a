// security-edge-certificate-region: an edge custom domain's certificate outside us-east-1.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-edge-certificate-region", "security", Severity::Error,
    "an edge-optimized custom domain uses an ACM certificate outside us-east-1",
    R"doc(Edge-optimized custom domains are served by CloudFront, which only reads ACM
certificates from us-east-1. A certificate from another region fails the domain creation.
Regional domains need a certificate in their own region instead. Read from x-gw.domains
entries' certificateArn (or certificate) and endpointType (default EDGE).

Bad:
  x-gw: {domains: {api.example.com: {certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}}}
Good:
  x-gw: {domains: {api.example.com: {certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc"}}})doc"};

class EdgeCertificateRegion final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    const openapi::Node* gw = in.root ? in.root->find("x-gw") : nullptr;
    const openapi::Node* domains = gw && gw->is_map() ? gw->find("domains") : nullptr;
    if (domains == nullptr || !domains->is_map()) {
      return;
    }
    for (const auto& d : domains->entries) {
      if (!d.value.is_map()) {
        continue;
      }
      const openapi::Node* type = d.value.find("endpointType");
      if (type != nullptr && to_upper(type->text) != "EDGE") {
        continue;
      }
      for (std::string_view key : {"certificateArn", "certificate"}) {
        const openapi::Node* cert = d.value.find(key);
        if (cert == nullptr || !cert->text.starts_with("arn:aws:acm:")) {
          continue;
        }
        std::string region = cert->text.substr(12, cert->text.find(':', 12) - 12);
        if (region != "us-east-1") {
          out.report(cert->loc, "edge-optimized domain " + d.key + " uses a certificate from " +
                                    region + ": CloudFront needs one from us-east-1");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_edge_certificate_region() {
  return std::make_unique<EdgeCertificateRegion>();
}

}  // namespace gw::lint::rules
