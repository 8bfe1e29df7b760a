#pragma once

/// A positioned YAML/JSON tree: what the loader reads before it knows any OpenAPI.
/// Every node carries its SourceLoc; mappings keep their key order and each key's position.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/source_loc.h"

namespace gw::openapi {

/// How deep a spec document, or a schema once its $refs are inlined, may nest sequences and
/// mappings: deeper is refused with a positioned error (code walking the tree recurses).
constexpr size_t kMaxNestingDepth = 1'000;

struct MapEntry;

/// One YAML/JSON value. Scalars keep their text; plain scalars are resolved per the YAML
/// core schema (null, bool, number), quoted ones are always strings.
struct Node {
  enum class Kind : uint8_t { Null, Bool, Number, String, Sequence, Mapping };

  /// How a scalar was written: where its text starts relative to loc (mapping templates need it).
  enum class Style : uint8_t { Plain, Quoted, Block };

  Kind kind = Kind::Null;
  Style style = Style::Plain;
  bool boolean = false;
  double number = 0;
  std::string text;          ///< the scalar as written (for strings: the value)
  std::string tag;           ///< a non-standard tag such as "!Sub", else ""
  std::vector<Node> items;   ///< Sequence
  std::vector<MapEntry> entries;  ///< Mapping, in document order
  SourceLoc loc;

  bool is_map() const { return kind == Kind::Mapping; }
  bool is_seq() const { return kind == Kind::Sequence; }
  bool is_scalar() const { return kind != Kind::Sequence && kind != Kind::Mapping; }
  bool is_string() const { return kind == Kind::String; }
  /// The value under `key` in a mapping, or nullptr.
  const Node* find(std::string_view key) const;
  /// "string", "number", "boolean", "null", "list", "map".
  std::string_view type_name() const;
};

struct MapEntry {
  std::string key;
  SourceLoc key_loc;
  Node value;
};

/// The value as JSON text (keys in order); numbers normalised to JSON's grammar.
std::string to_json_text(const Node& node);
/// Appends `s` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s);

}  // namespace gw::openapi
