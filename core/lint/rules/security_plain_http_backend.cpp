// security-plain-http-backend: an HTTP integration over plain http to a non-local host

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "security-plain-http-backend", "security", Severity::Warning,
    "an HTTP integration over plain http to a non-local host",
    R"doc(An HTTP or HTTP_PROXY integration to http:// sends the request (and any credentials or
personal data it carries) unencrypted across the internet. Use https, or a VPC link for
private backends.

Bad:
  x-amazon-apigateway-integration: {type: http_proxy, uri: http://backend.example.com/{proxy}}
Good:
  x-amazon-apigateway-integration: {type: http_proxy, uri: https://backend.example.com/{proxy}})doc"};

class PlainHttpBackend final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    for (const auto& op : api.operations) {
      if (!op.integration || op.integration->connection_type == "VPC_LINK" ||
          (op.integration->type != model::IntegrationType::Http &&
           op.integration->type != model::IntegrationType::HttpProxy)) {
        continue;
      }
      const std::string& uri = op.integration->uri;
      if (!starts_with_icase(uri, "http://")) {
        continue;
      }
      std::string host = uri.substr(7, uri.find_first_of(":/", 7) - 7);
      if (!is_local_host(host) && host.find("${") == std::string::npos) {
        out.report(op, loc_of(integration_node(in, op), "uri", op.integration->where),
                   "integration to " + host + " over plain http: use https");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_security_plain_http_backend() {
  return std::make_unique<PlainHttpBackend>();
}

}  // namespace gw::lint::rules
