#pragma once

/// A draft-4 JSON Schema compiled into a graph of nodes, and its validator; what
/// SchemaValidator runs. Internal to openapi/ (schema_validator.h is the interface).
///
/// Compiling follows `$ref`s to nodes, so a recursive model is a cycle in the graph, built
/// once and iteratively (no recursion on the schema's depth). A `$ref` chain that never reaches
/// a schema (A -> B -> A) and a schema that reaches itself again without descending into the
/// body (A: {allOf: [{$ref: A}]}) do not compile: validating them could never end.
///
/// Validating recurses once per level of the body (bounded by the caller's depth check and by
/// kMaxFrames here), counts its steps (kMaxSteps) and charges patterns to a RegexBudget: every
/// bound is a count, never a clock, and exceeding one gives a verdict (invalid) and a reason.
/// uniqueItems sorts (O(n log n)); patterns and formats never use std::regex.

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "openapi/schema_regex.h"

namespace gw::openapi::schema {

/// Bits of Node::types; integer is also a number.
enum TypeBit : uint8_t {
  kNull = 1,
  kBoolean = 2,
  kInteger = 4,
  kNumber = 8,
  kString = 16,
  kArray = 32,
  kObject = 64,
};

struct Dependency {
  std::vector<std::string> names;  ///< a property dependency
  int schema = -1;                 ///< or a schema dependency
};

/// One schema object; subschemas are indexes into Compiled::nodes (-1: absent).
struct Node {
  std::string where;      ///< its JSON pointer in the compiled document ("#/definitions/Pet")
  uint8_t types = 0;      ///< 0: any type
  std::string type_list;  ///< `["integer","string"]`, for messages
  const nlohmann::json* enum_values = nullptr;  ///< into Compiled::document
  std::optional<double> multiple_of, minimum, maximum;
  bool exclusive_minimum = false;
  bool exclusive_maximum = false;
  std::optional<uint64_t> min_length, max_length, min_items, max_items, min_properties,
      max_properties;
  int pattern = -1;  ///< into Compiled::regexes
  std::string format;
  bool unique_items = false;
  int items = -1;          ///< one schema for every item
  std::vector<int> tuple;  ///< `items` as an array
  bool tuple_form = false;
  int additional_items = -1;
  bool no_additional_items = false;
  std::vector<std::string> required;
  std::map<std::string, int, std::less<>> properties;
  std::vector<std::pair<int, int>> pattern_properties;  ///< regex, schema
  int additional_properties = -1;
  bool no_additional_properties = false;
  std::vector<std::pair<std::string, Dependency>> dependencies;
  std::vector<int> all_of, any_of, one_of;
  int not_schema = -1;
};

struct Compiled {
  nlohmann::json document;  ///< the schema with its models under "definitions"
  std::vector<Node> nodes;
  std::vector<SchemaRegex> regexes;
  int root = 0;
};

/// Compiles `document` (refs already pointing into it, "#/definitions/Name").
Result<std::unique_ptr<const Compiled>> compile(nlohmann::json document);

/// Validation stops (the body is invalid, `limit` says why) past this many nested checks or
/// this many checks in all.
constexpr size_t kMaxFrames = 4'000;
constexpr uint64_t kMaxSteps = 10'000'000;
/// At most this many failures are listed.
constexpr size_t kMaxErrors = 100;

struct Outcome {
  std::vector<std::string> errors;  ///< "message (at /pointer)"; empty: valid
  std::string limit;                ///< non-empty when a bound stopped validation: why
};

Outcome validate(const Compiled& schema, const nlohmann::json& value, RegexBudget budget);

}  // namespace gw::openapi::schema
