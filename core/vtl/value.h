#pragma once

/// The values a VTL template manipulates: Java-like null, booleans, integers, doubles, strings,
/// lists and maps (shared and mutable, as Java references are), plus the built-in objects
/// ($input, $util, $foreach). Printing follows API Gateway: maps print Java-style `{k=v}`,
/// lists that came from JSON print as JSON, list literals print Java-style `[a, b]`.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gw::vtl {

class Value;

struct List {
  std::vector<Value> items;
  bool from_json = false;  ///< came from a JSON document: prints as JSON (AWS fact 36)
};

struct Map {
  std::vector<std::pair<std::string, Value>> entries;  ///< insertion order (LinkedHashMap)

  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  /// Inserts or replaces; returns the previous value (null when absent).
  Value put(std::string key, Value v);
};

/// Objects whose methods the evaluator implements natively.
enum class Builtin : uint8_t { Input, Util, Foreach };

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, Double, String, List, Map, Builtin };

  Value() = default;
  Value(bool b) : v_(b) {}                              // NOLINT: implicit on purpose
  Value(int i) : v_(static_cast<int64_t>(i)) {}         // NOLINT
  Value(int64_t i) : v_(i) {}                           // NOLINT
  Value(double d) : v_(d) {}                            // NOLINT
  Value(std::string s) : v_(std::move(s)) {}            // NOLINT
  Value(const char* s) : v_(std::string(s)) {}          // NOLINT
  Value(std::shared_ptr<List> l) : v_(std::move(l)) {}  // NOLINT
  Value(std::shared_ptr<Map> m) : v_(std::move(m)) {}   // NOLINT
  Value(Builtin b) : v_(b) {}                           // NOLINT

  static Value new_list(bool from_json = false);
  static Value new_map();

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_number() const { return kind() == Kind::Int || kind() == Kind::Double; }
  bool is_string() const { return kind() == Kind::String; }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const;  ///< Int or Double
  const std::string& as_string() const { return std::get<std::string>(v_); }
  List& as_list() const { return *std::get<std::shared_ptr<List>>(v_); }
  Map& as_map() const { return *std::get<std::shared_ptr<Map>>(v_); }
  Builtin as_builtin() const { return std::get<Builtin>(v_); }

  /// Java's toString(): what the template output shows.
  std::string str() const;
  /// Appends str(); stops descending once out exceeds limit bytes or nesting gets absurd
  /// (a list can contain itself), so the caller's size check always terminates.
  void append_to(std::string& out, size_t limit = kDefaultLimit, int depth = 0) const;
  /// JSON text (strings quoted, maps as objects).
  void append_json(std::string& out, size_t limit = kDefaultLimit, int depth = 0) const;

  static constexpr size_t kDefaultLimit = 16u << 20;
  static constexpr int kMaxPrintDepth = 100;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, std::shared_ptr<List>,
               std::shared_ptr<Map>, Builtin>
      v_;
};

/// While alive, records the lists and maps this thread creates and empties them on
/// destruction: templates can build reference cycles ($m.put('self', $m)) that shared_ptr
/// alone would leak. One per render; values created meanwhile must not outlive it intact.
class CycleBreaker {
 public:
  CycleBreaker();
  ~CycleBreaker();
  CycleBreaker(const CycleBreaker&) = delete;
  CycleBreaker& operator=(const CycleBreaker&) = delete;

  static void track(const std::shared_ptr<List>& l);
  static void track(const std::shared_ptr<Map>& m);

 private:
  CycleBreaker* prev_;
  std::vector<std::weak_ptr<List>> lists_;
  std::vector<std::weak_ptr<Map>> maps_;
};

/// Converts a parsed JSON document (objects keep their order only if the json was ordered).
Value from_json(const nlohmann::ordered_json& j);
Value from_json(const nlohmann::json& j);
nlohmann::ordered_json to_json(const Value& v);

/// Parses JSON text; nullopt when invalid or nested deeper than max_depth (the converters and
/// JSONPath recurse, so a hostile body must not reach them).
std::optional<nlohmann::ordered_json> parse_json(std::string_view text, int max_depth = 512);

/// Builds a map of strings, e.g. stage variables or parameters.
Value string_map(const std::vector<std::pair<std::string, std::string>>& entries);

/// Sets map["a"]["b"]["c"] = v for dotted = "a.b.c", creating the intermediate maps (how a
/// caller builds $context: put_path(ctx, "identity.sourceIp", "1.2.3.4")). map must be a map.
void put_path(Value& map, std::string_view dotted, Value v);

/// Java's Double.toString.
std::string java_double(double d);
/// Java's equals(): numbers by value, strings by content, lists/maps element-wise.
bool values_equal(const Value& a, const Value& b);

}  // namespace gw::vtl
