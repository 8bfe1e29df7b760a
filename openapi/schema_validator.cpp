#include "openapi/schema_validator.h"

// GCC 12 reports a false -Wrestrict inside valijson's json_pointer once inlined here.
#pragma GCC diagnostic ignored "-Wrestrict"

#include <exception>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace gw::openapi {

struct SchemaValidator::Impl {
  nlohmann::json document;  // kept alive: the schema's source
  valijson::Schema schema;
};

namespace {

constexpr std::string_view kApiGatewayModels = "https://apigateway.amazonaws.com/restapis/";
constexpr std::string_view kComponents = "#/components/schemas/";

// Points every model reference at #/definitions/Name, the one place the root document holds
// the models.
void rewrite_refs(nlohmann::json& j) {
  if (j.is_array()) {
    for (auto& item : j) {
      rewrite_refs(item);
    }
    return;
  }
  if (!j.is_object()) {
    return;
  }
  for (auto& [key, value] : j.items()) {
    if (key == "$ref" && value.is_string()) {
      std::string ref = value.get<std::string>();
      size_t models = ref.find("/models/");
      if (ref.starts_with(kApiGatewayModels) && models != std::string::npos) {
        value = "#/definitions/" + ref.substr(models + 8);
      } else if (ref.starts_with(kComponents)) {
        value = "#/definitions/" + ref.substr(kComponents.size());
      }
    } else {
      rewrite_refs(value);
    }
  }
}

std::string describe(const valijson::ValidationResults::Error& e) {
  std::string path;
  for (const std::string& c : e.context) {
    if (c == "<root>") {
      continue;
    }
    std::string part = c;
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      part = part.substr(1, part.size() - 2);
    }
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    }
    path += "/" + part;
  }
  return e.description + " (at " + (path.empty() ? "/" : path) + ")";
}

}  // namespace

Result<SchemaValidator> SchemaValidator::compile(std::string_view schema_json,
                                                 const std::map<std::string, std::string>& models) {
  auto impl = std::make_shared<Impl>();
  try {
    nlohmann::json root = nlohmann::json::parse(schema_json);
    if (!root.is_object()) {
      return fail(ErrorKind::BadInput, "a schema must be a JSON object");
    }
    nlohmann::json& defs = root["definitions"];
    if (!defs.is_object()) {
      defs = nlohmann::json::object();
    }
    for (const auto& [name, text] : models) {
      if (!defs.contains(name)) {
        defs[name] = nlohmann::json::parse(text);
      }
    }
    rewrite_refs(root);
    impl->document = std::move(root);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter adapter(impl->document);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    return fail(ErrorKind::BadInput, std::string("cannot compile the schema: ") + e.what());
  }
  return SchemaValidator(std::move(impl));
}

std::vector<std::string> SchemaValidator::validate(std::string_view json_text) const {
  nlohmann::json doc;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc = nlohmann::json::object();
  } else {
    try {
      doc = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::parse_error& e) {
      return {std::string("Invalid JSON: ") + e.what()};
    }
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  std::vector<std::string> out;
  try {
    if (validator.validate(impl_->schema, target, &results)) {
      return out;
    }
  } catch (const std::exception& e) {
    return {std::string("validation failed: ") + e.what()};
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    out.push_back(describe(error));
  }
  if (out.empty()) {
    out.push_back("the body does not match the model");
  }
  return out;
}

std::string join_validation_errors(const std::vector<std::string>& errors) {
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    out += (i == 0 ? "" : ", ") + errors[i];
  }
  return out + "]";
}

}  // namespace gw::openapi
