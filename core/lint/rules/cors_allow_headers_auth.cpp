// cors-allow-headers-auth: preflight allow-headers lack Authorization / x-api-key.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-allow-headers-auth", "cors", Severity::Warning,
    "CORS allow-headers miss Authorization or x-api-key while an authorizer or API key is used",
    R"doc(A browser may send Authorization or x-api-key cross-origin only when the preflight
allows that header. With an authorizer (or IAM) or a required API key on the resource, a
missing entry makes every browser call fail before it reaches API Gateway.

Bad:
  options: ... Access-Control-Allow-Headers: "'Content-Type'"     # GET uses a Cognito authorizer
Good:
  options: ... Access-Control-Allow-Headers: "'Content-Type,Authorization'")doc"};

bool has_header(const std::vector<std::string>& list, std::string_view name) {
  for (const auto& h : list) {
    if (h == "*" || to_lower(h) == to_lower(name)) {
      return true;
    }
  }
  return false;
}

class AllowHeadersAuth final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type == model::ApiType::Http && api.cors && !api.cors->allow_headers.empty()) {
      check_list(api, api.operations, api.cors->allow_headers, api.cors->where, nullptr, out);
    }
    if (api.type != model::ApiType::Rest) {
      return;
    }
    for (const auto& options : api.operations) {
      if (options.method != "OPTIONS") {
        continue;
      }
      const std::string allowed = preflight_header(options, "Access-Control-Allow-Headers");
      if (allowed.empty()) {
        continue;
      }
      std::vector<const model::Operation*> ops = ops_on(api, options.path);
      std::vector<model::Operation> copies;
      for (const auto* op : ops) {
        copies.push_back(*op);
      }
      check_list(api, copies, split_list(allowed), options.where, &options, out);
    }
  }

 private:
  static void check_list(const model::Api& api, const std::vector<model::Operation>& ops,
                         const std::vector<std::string>& allowed, const SourceLoc& where,
                         const model::Operation* options, Sink& out) {
    bool need_auth = false;
    bool need_key = false;
    for (const auto& op : ops) {
      need_auth = need_auth || (op.method != "OPTIONS" && has_authorization(api, op));
      need_key = need_key || (op.method != "OPTIONS" && op.api_key_required);
    }
    std::string missing;
    if (need_auth && !has_header(allowed, "Authorization")) {
      missing = "Authorization";
    }
    if (need_key && !has_header(allowed, "x-api-key")) {
      missing += (missing.empty() ? "" : " and ") + std::string("x-api-key");
    }
    if (missing.empty()) {
      return;
    }
    std::string msg = "CORS allow-headers lack " + missing + ", which callers must send";
    if (options != nullptr) {
      out.report(*options, where, msg);
    } else {
      out.report(where, msg);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_allow_headers_auth() {
  return std::make_unique<AllowHeadersAuth>();
}

}  // namespace gw::lint::rules
