// proxy-payload-format: payloadFormatVersion missing, invalid or meaningless for the API type.

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "proxy-payload-format", "proxy", Severity::Warning,
    "a Lambda proxy's payloadFormatVersion is missing, invalid or does not fit the API type",
    R"doc(HTTP APIs send Lambda proxy events in format 1.0 or 2.0 (AWS facts 62-63); the two have
different event and response shapes, so leaving the version implicit makes the handler's
contract depend on how the API was created. REST APIs only send 1.0: a 2.0 there is a
handler written for the wrong event.

Bad:
  x-amazon-apigateway-integration: {type: aws_proxy, uri: arn:aws:lambda:...}   # HTTP API
Good:
  x-amazon-apigateway-integration: {type: aws_proxy, uri: arn:aws:lambda:..., payloadFormatVersion: "2.0"})doc"};

class PayloadFormat final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const bool http = in.api->type == model::ApiType::Http;
    for (const auto& op : in.api->operations) {
      if (!op.integration || op.integration->type != model::IntegrationType::AwsProxy ||
          !op.integration->integration_subtype.empty()) {
        continue;
      }
      const std::string& v = op.integration->payload_format_version;
      const SourceLoc where =
          loc_of(integration_node(in, op), "payloadFormatVersion", op.integration->where);
      if (http && v.empty()) {
        out.report(op, where,
                   "an HTTP API Lambda proxy without payloadFormatVersion: say "
                   "\"2.0\" or \"1.0\" so the handler's event shape is explicit");
      } else if (!v.empty() && v != "1.0" && v != "2.0") {
        out.report(op, where, "payloadFormatVersion '" + v + "' is neither 1.0 nor 2.0");
      } else if (!http && v == "2.0") {
        out.report(op, where, "REST APIs send payload format 1.0 only: '2.0' has no effect");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_proxy_payload_format() { return std::make_unique<PayloadFormat>(); }

}  // namespace gw::lint::rules
