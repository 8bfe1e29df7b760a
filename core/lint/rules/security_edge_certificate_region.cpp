// security-edge-certificate-region: an edge custom domain's certificate outside us-east-1.

#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-edge-certificate-region", "security", Severity::Error,
    "an edge-optimized custom domain uses an ACM certificate outside us-east-1",
    R"doc(Edge-optimized custom domains are served by CloudFront, which only reads ACM
certificates from us-east-1. A certificate from another region fails the domain creation.
Regional domains need a certificate in their own region instead. Read from x-gw.domains
entries (in the spec or the --config file): certificateArn (or certificate) and endpointType
(EDGE, the default, REGIONAL or PRIVATE).

Bad:
  x-gw: {domains: {api.example.com: {certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}}}
Good:
  x-gw: {domains: {api.example.com: {certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc"}}})doc"};

/// The region of an ACM certificate ARN ("arn:aws:acm:REGION:..."), or "" for anything else.
std::string acm_region(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:acm:";
  if (!arn.starts_with(kPrefix)) {
    return "";
  }
  const size_t end = arn.find(':', kPrefix.size());  // npos: the rest (substr clamps)
  return std::string(arn.substr(kPrefix.size(), end - kPrefix.size()));
}

/// Reads x-gw.domains from the model (the spec's x-gw block or --config's).
class EdgeCertificateRegion final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    for (const auto& [name, d] : in.api->gw.domains) {
      if (d.endpoint_type != "EDGE") {
        continue;
      }
      const std::pair<const std::string*, SourceLoc> certs[] = {
          {&d.certificate_arn, d.certificate_arn_where}, {&d.certificate, d.certificate_where}};
      for (const auto& [cert, where] : certs) {
        const std::string region = acm_region(*cert);
        if (!region.empty() && region != "us-east-1") {
          out.report(where, "edge-optimized domain " + name + " uses a certificate from " + region +
                                ": CloudFront needs one from us-east-1");
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
