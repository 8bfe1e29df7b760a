// correctness-cache-key-params: cacheKeyParameters name request parameters the method does not
// declare
#include <map>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-cache-key-params", "correctness", Severity::Error,
    "cacheKeyParameters name request parameters the method does not declare",
    R"doc(A cache key parameter (method.request.querystring.x, .path.x, .header.x) must be a
declared request parameter of the method, else the import fails or the key never varies and
every caller gets the first caller's cached answer.

Bad:
  parameters: [{name: id, in: path, required: true}]
  x-amazon-apigateway-integration: {cacheKeyParameters: [method.request.querystring.page]}
Good:
  parameters: [{name: id, in: path, required: true}, {name: page, in: query}])doc"};

class CacheKeyParams final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const model::Api& api = *in.api;
    static const std::map<std::string, std::string> kIn = {{"path", "path"},
                                                           {"querystring", "query"},
                                                           {"header", "header"},
                                                           {"multivaluequerystring", "query"},
                                                           {"multivalueheader", "header"}};
    for (const auto& op : api.operations) {
      if (!op.integration) {
        continue;
      }
      for (const std::string& key : op.integration->cache_key_parameters) {
        if (!key.starts_with("method.request.")) {
          continue;
        }
        const std::string rest = key.substr(15);
        const size_t dot = rest.find('.');
        auto where = kIn.find(rest.substr(0, dot));
        if (dot == std::string::npos || where == kIn.end()) {
          continue;
        }
        const std::string name = rest.substr(dot + 1);
        bool declared = false;
        for (const auto& p : op.parameters) {
          declared = declared ||
                     (p.in == where->second &&
                      (p.in == "header" ? to_lower(p.name) == to_lower(name) : p.name == name));
        }
        if (!declared) {
          out.report(
              op, loc_of(integration_node(in, op), "cacheKeyParameters", op.integration->where),
              "cache key " + key + " is not a declared parameter of " + op.method + " " + op.path);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_cache_key_params() {
  return std::make_unique<CacheKeyParams>();
}

}  // namespace gw::lint::rules
