// cors-preflight-methods: the preflight's Access-Control-Allow-Methods misses some methods.

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "cors-preflight-methods", "cors", Severity::Warning,
    "a preflight's Access-Control-Allow-Methods lacks methods its resource has",
    R"doc(The browser sends the real request only when the preflight's
Access-Control-Allow-Methods lists its method. A method added to a resource but not to the
OPTIONS mock's header fails in browsers only.

Bad:
  /pets:
    get: ...
    delete: ...
    options: ... method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
Good:
    options: ... method.response.header.Access-Control-Allow-Methods: "'GET,DELETE,OPTIONS'")doc"};

class PreflightMethods final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    if (api.type != model::ApiType::Rest) {
      return;
    }
    for (const auto& options : api.operations) {
      if (options.method != "OPTIONS") {
        continue;
      }
      const std::string allowed = preflight_header(options, "Access-Control-Allow-Methods");
      if (allowed.empty() || allowed == "*") {
        continue;
      }
      std::vector<std::string> list = split_list(to_upper(allowed));
      std::string missing;
      for (const model::Operation* op : ops_on(api, options.path)) {
        if (op->method == "OPTIONS" || op->method == "ANY") {
          continue;
        }
        if (std::find(list.begin(), list.end(), op->method) == list.end()) {
          missing += (missing.empty() ? "" : ", ") + op->method;
        }
      }
      if (!missing.empty()) {
        out.report(options, options.where,
                   "the preflight of " + options.path + " allows '" + allowed +
                       "' but the resource also has " + missing);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cors_preflight_methods() { return std::make_unique<PreflightMethods>(); }

}  // namespace gw::lint::rules
