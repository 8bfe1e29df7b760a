// correctness-vtl-syntax: mapping templates that do not parse, or call unknown helpers.

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"
#include "core/vtl/template.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-vtl-syntax", "correctness", Severity::Error,
    "a mapping template has a Velocity syntax error or calls an unknown $input/$util member",
    R"doc(API Gateway parses mapping templates when a request arrives: a syntax error (an
unclosed #if, a missing parenthesis) or a misspelt helper such as $util.escapeJavascript
answers 500 "Internal server error" to every call that uses the template. gw parses each
request, integration response and gateway response template with its VTL engine and reports
the error at its line in the spec.

Bad:
  requestTemplates:
    application/json: |
      #if($input.params('id') == "")
      {"id": "none"}
Good:
  requestTemplates:
    application/json: |
      #if($input.params('id') == "")
      {"id": "none"}
      #end)doc"};

void check_template(const std::string& text, SourceLoc origin, const model::Operation* op,
                    Sink& out) {
  auto report = [&](const Error& e) {
    SourceLoc where = e.where.known() ? e.where : origin;
    if (op != nullptr) {
      out.report(*op, where, e.message);
    } else {
      out.report(where, e.message);
    }
  };
  auto parsed = vtl::parse(text, origin);
  if (!parsed) {
    report(parsed.error());
    return;
  }
  for (const Error& e : vtl::check(**parsed)) {
    report(e);
  }
}

SourceLoc loc_for(const std::map<std::string, SourceLoc>& locs, const std::string& type,
                  const SourceLoc& fallback) {
  auto it = locs.find(type);
  return it != locs.end() && it->second.known() ? it->second : fallback;
}

class VtlSyntax final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    for (const auto& op : in.api->operations) {
      if (!op.integration || is_proxy(*op.integration)) {
        continue;
      }
      const auto& i = *op.integration;
      for (const auto& [type, text] : i.request_templates) {
        check_template(text, loc_for(i.request_template_locs, type, i.where), &op, out);
      }
      for (const auto& r : i.responses) {
        for (const auto& [type, text] : r.response_templates) {
          check_template(text, loc_for(r.response_template_locs, type, r.where), &op, out);
        }
      }
    }
    for (const auto& [name, g] : in.api->gateway_responses) {
      for (const auto& [type, text] : g.response_templates) {
        check_template(text, loc_for(g.response_template_locs, type, g.where), nullptr, out);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_vtl_syntax() { return std::make_unique<VtlSyntax>(); }

}  // namespace gw::lint::rules
