#include "openapi/schema_validator.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "openapi/json_schema.h"

namespace gw::openapi {

struct SchemaValidator::Impl {
  std::unique_ptr<const schema::Compiled> schema;
};

namespace {

constexpr std::string_view kApiGatewayModels = "https://apigateway.amazonaws.com/restapis/";
constexpr std::string_view kComponents = "#/components/schemas/";

// Points every model reference at #/definitions/Name, the one place the root document holds
// the models. Iterative: the document may nest as deep as the loader allows.
void rewrite_refs(nlohmann::json& root) {
  std::vector<nlohmann::json*> todo = {&root};
  while (!todo.empty()) {
    nlohmann::json& j = *todo.back();
    todo.pop_back();
    if (j.is_array()) {
      for (auto& item : j) {
        todo.push_back(&item);
      }
      continue;
    }
    if (!j.is_object()) {
      continue;
    }
    for (auto& [key, value] : j.items()) {
      if (key != "$ref" || !value.is_string()) {
        todo.push_back(&value);
        continue;
      }
      std::string ref = value.get<std::string>();
      size_t models = ref.find("/models/");
      if (ref.starts_with(kApiGatewayModels) && models != std::string::npos) {
        value = "#/definitions/" + ref.substr(models + 8);
      } else if (ref.starts_with(kComponents)) {
        value = "#/definitions/" + ref.substr(kComponents.size());
      }
    }
  }
}

/// What a linear pass over the body finds before it is parsed.
struct Scan {
  size_t depth = 0;                             ///< deepest nesting of arrays and objects
  std::vector<std::pair<size_t, size_t>> huge;  ///< numbers beyond double's range: offset, size
};

bool number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// JSON's number grammar without the sign: (0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool json_number(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      ++i;
    }
    return i > start;
  };
  if (t.empty() || (t[0] == '0' && t.size() > 1 && t[1] >= '0' && t[1] <= '9') || !digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.' && (++i, !digits())) {
    return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
      ++i;
    }
    if (!digits()) {
      return false;
    }
  }
  return i == t.size();
}

/// True when the number token (valid JSON) overflows a double (1e400, or 400 digits).
bool overflows(std::string_view token) {
  if (token.size() < 300 && token.find_first_of("eE") == std::string_view::npos) {
    return false;
  }
  if (!json_number(token)) {
    return false;  // left to the parser to report
  }
  const std::string copy(token);
  return std::isinf(std::strtod(copy.c_str(), nullptr));
}

/// Stops at the first nesting level past kMaxBodyDepth.
Scan scan(std::string_view text) {
  Scan s;
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        i += text[i] == '\\' ? 1 : 0;
      }
    } else if (c == '[' || c == '{') {
      s.depth = std::max(s.depth, ++depth);
      if (depth > kMaxBodyDepth) {
        return s;
      }
    } else if (c == ']' || c == '}') {
      depth -= depth > 0 ? 1 : 0;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t end = i;
      while (end < text.size() && number_char(text[end])) {
        ++end;
      }
      const size_t digits = c == '-' ? i + 1 : i;
      if (overflows(text.substr(digits, end - digits))) {
        s.huge.emplace_back(digits, end - digits);
      }
      i = end - 1;
    }
  }
  return s;
}

/// The body with each overflowing number replaced by the largest double.
std::string clamp_numbers(std::string_view text, const Scan& s) {
  std::string out;
  size_t from = 0;
  for (const auto& [at, size] : s.huge) {
    out.append(text.substr(from, at - from));
    out.append("1.7976931348623157e308");
    from = at + size;
  }
  out.append(text.substr(from));
  return out;
}

BodyCheck refuse(std::string why) {
  BodyCheck out;
  out.errors = {why};
  out.limit = std::move(why);
  return out;
}

}  // namespace

Result<SchemaValidator> SchemaValidator::compile(std::string_view schema_json,
                                                 const std::map<std::string, std::string>& models) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(schema_json);
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
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::BadInput, std::string("cannot compile the schema: ") + e.what());
  }
  rewrite_refs(root);
  auto compiled = schema::compile(std::move(root));
  if (!compiled) {
    return fail(ErrorKind::BadInput, "cannot compile the schema: " + compiled.error().message);
  }
  auto impl = std::make_shared<Impl>();
  impl->schema = std::move(*compiled);
  return SchemaValidator(std::move(impl));
}

BodyCheck SchemaValidator::check(std::string_view json_text) const {
  nlohmann::json doc;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc = nlohmann::json::object();
  } else {
    const Scan s = scan(json_text);
    if (s.depth > kMaxBodyDepth) {
      return refuse("the body nests arrays and objects deeper than " +
                    std::to_string(kMaxBodyDepth) + " levels");
    }
    try {
      doc = s.huge.empty() ? nlohmann::json::parse(json_text)
                           : nlohmann::json::parse(clamp_numbers(json_text, s));
    } catch (const nlohmann::json::exception& e) {
      return BodyCheck{{std::string("Invalid JSON: ") + e.what()}, {}};
    }
  }
  RegexBudget budget;
  budget.remaining += 4 * static_cast<uint64_t>(json_text.size());
  schema::Outcome o = schema::validate(*impl_->schema, doc, budget);
  if (!o.errors.empty() || !o.limit.empty()) {
    return BodyCheck{std::move(o.errors), std::move(o.limit)};
  }
  return {};
}

std::string join_validation_errors(const std::vector<std::string>& errors) {
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    out += (i == 0 ? "" : ", ") + errors[i];
  }
  return out + "]";
}

}  // namespace gw::openapi
