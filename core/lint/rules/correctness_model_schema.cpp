// correctness-model-schema: a model (JSON Schema) that is not a valid schema.

#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-model-schema", "correctness", Severity::Error,
    "a model or request body schema is not a valid JSON Schema",
    R"doc(API Gateway turns schemas into models (JSON Schema draft 4) and validates request bodies
against them. A schema with an unknown type, a non-list `required`, or `properties` that are
not schemas is rejected on import, or silently validates nothing.

Bad:
  Pet: {type: obj, required: name, properties: {name: string}}
Good:
  Pet: {type: object, required: [name], properties: {name: {type: string}}})doc"};

using Json = nlohmann::json;

std::string problem(const Json& s, const std::string& at);

std::string type_problem(const Json& t, const std::string& at) {
  static constexpr std::array<std::string_view, 7> kTypes = {
      "object", "array", "string", "number", "integer", "boolean", "null"};
  auto known = [](const Json& v) {
    return v.is_string() &&
           std::find(kTypes.begin(), kTypes.end(), v.get<std::string>()) != kTypes.end();
  };
  if (t.is_array()) {
    for (const auto& v : t) {
      if (!known(v)) {
        return at + "type " + v.dump() + " is not a JSON Schema type";
      }
    }
    return "";
  }
  return known(t) ? "" : at + "type " + t.dump() + " is not a JSON Schema type";
}

std::string problem(const Json& s, const std::string& at) {
  if (s.is_boolean()) {
    return "";
  }
  if (!s.is_object()) {
    return at + "a schema must be an object, not " + s.dump();
  }
  if (s.contains("type")) {
    if (auto p = type_problem(s["type"], at); !p.empty()) {
      return p;
    }
  }
  if (s.contains("required") && !s["required"].is_array() && !s["required"].is_boolean()) {
    return at + "required must be a list of property names";
  }
  if (s.contains("properties")) {
    if (!s["properties"].is_object()) {
      return at + "properties must be a map of schemas";
    }
    for (const auto& [name, sub] : s["properties"].items()) {
      if (auto p = problem(sub, at + "properties." + name + ": "); !p.empty()) {
        return p;
      }
    }
  }
  if (s.contains("items") && !s["items"].is_array()) {
    return problem(s["items"], at + "items: ");
  }
  return "";
}

class ModelSchema final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  void check(const Input& in, Sink& out) const override {
    const openapi::Node* schemas = nullptr;
    if (in.root != nullptr && in.root->is_map()) {
      const openapi::Node* comps = in.root->find("components");
      schemas = comps && comps->is_map() ? comps->find("schemas") : in.root->find("definitions");
    }
    for (const auto& [name, text] : in.api->models) {
      std::string p = check_text(text);
      if (!p.empty()) {
        out.report(loc_of(schemas, name, in.api->where), "model '" + name + "': " + p);
      }
    }
    std::set<std::string> model_texts;
    for (const auto& [name, text] : in.api->models) {
      model_texts.insert(text);
    }
    for (const auto& op : in.api->operations) {
      for (const auto& [type, text] : op.request_body_schemas) {
        if (model_texts.contains(text)) {
          continue;  // reported once, as the model
        }
        std::string p = check_text(text);
        if (!p.empty()) {
          out.report(op, op.where, op.method + " " + op.path + " body schema (" + type + "): " + p);
        }
      }
    }
  }

 private:
  static std::string check_text(const std::string& text) {
    Json s = Json::parse(text, nullptr, false);
    if (s.is_discarded()) {
      return "not valid JSON";
    }
    return problem(s, "");
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_model_schema() { return std::make_unique<ModelSchema>(); }

}  // namespace gw::lint::rules
