// type-http-request-validators: request validators in an HTTP API

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "type-http-request-validators", "type", Severity::Error, "request validators in an HTTP API",
    R"doc(HTTP APIs have no request validation: x-amazon-apigateway-request-validators and
x-amazon-apigateway-request-validator are ignored on import, so invalid requests reach the
integration. Validate in the integration, or use a REST API.

Bad:
  x-amazon-apigateway-importexport-version: "1.0"
  x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}
Good (REST API):
  x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}
  x-amazon-apigateway-request-validator: all)doc"};

class HttpRequestValidators final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Http) {
      return;
    }
    if (!api.request_validators.empty() || !api.default_request_validator.empty()) {
      out.report(key_loc_of(in.root, "x-amazon-apigateway-request-validators",
                            loc_of(in.root, "x-amazon-apigateway-request-validator", api.where)),
                 "HTTP APIs do not validate requests: the request validators are ignored");
    }
    for (const auto& op : api.operations) {
      if (!op.request_validator.empty()) {
        out.report(op, loc_of(op_node(in, op), "x-amazon-apigateway-request-validator", op.where),
                   "HTTP APIs do not validate requests: validator '" + op.request_validator +
                       "' is ignored");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_type_http_request_validators() {
  return std::make_unique<HttpRequestValidators>();
}

}  // namespace gw::lint::rules
