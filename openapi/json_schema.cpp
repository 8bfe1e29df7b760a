#include "openapi/json_schema.h"

#include <algorithm>
#include <unordered_map>

#include "core/base/strings.h"

namespace gw::openapi::schema {
namespace {

using nlohmann::json;

/// Longest `$ref` chain followed before a schema is reached.
constexpr size_t kMaxRefChain = 1'000;

std::unexpected<Error> bad(const std::string& message, const std::string& where) {
  return fail(ErrorKind::BadInput, message + " (at " + where + ")");
}

uint8_t type_bit(const std::string& name) {
  static const std::map<std::string, uint8_t, std::less<>> kBits = {
      {"null", kNull},     {"boolean", kBoolean}, {"integer", kInteger}, {"number", kNumber},
      {"string", kString}, {"array", kArray},     {"object", kObject}};
  auto it = kBits.find(name);
  return it == kBits.end() ? 0 : it->second;
}

class Compiler {
 public:
  explicit Compiler(Compiled& c) : c_(c) {}

  Result<void> run() {
    Result<int> root = intern(&c_.document, "#");
    GW_TRY(root);
    c_.root = *root;
    while (!pending_.empty()) {
      const int index = pending_.back();
      pending_.pop_back();
      GW_TRY(fill(index));
    }
    return check_cycles();
  }

 private:
  Result<const json*> resolve(const std::string& ref, const std::string& where) {
    if (!ref.starts_with("#")) {
      return bad("cannot resolve $ref '" + ref +
                     "': only references inside the API's models "
                     "are supported",
                 where);
    }
    try {
      const json::json_pointer pointer(percent_decode(std::string_view(ref).substr(1)));
      if (!c_.document.contains(pointer)) {
        return bad("cannot resolve $ref '" + ref + "'", where);
      }
      return &c_.document.at(pointer);
    } catch (const json::exception&) {
      return bad("cannot resolve $ref '" + ref + "'", where);
    }
  }

  /// The node for the schema at `j`, following $refs (draft 4: a $ref replaces its object).
  Result<int> intern(const json* j, std::string where) {
    std::vector<const json*> chain;
    std::string refs;
    while (j->is_object()) {
      auto ref = j->find("$ref");
      if (ref == j->end() || !ref->is_string()) {
        break;
      }
      const std::string target = ref->get<std::string>();
      refs += (refs.empty() ? "" : " -> ") + target;
      if (std::find(chain.begin(), chain.end(), j) != chain.end() || chain.size() >= kMaxRefChain) {
        return bad("cyclic $ref: " + refs + " never reaches a schema", where);
      }
      chain.push_back(j);
      Result<const json*> next = resolve(target, where);
      GW_TRY(next);
      j = *next;
      where = target;
    }
    if (!j->is_object()) {
      return bad("a schema must be a JSON object", where);
    }
    if (auto it = index_.find(j); it != index_.end()) {
      return it->second;
    }
    const int index = static_cast<int>(c_.nodes.size());
    c_.nodes.emplace_back();
    c_.nodes.back().where = std::move(where);
    sources_.push_back(j);
    index_.emplace(j, index);
    pending_.push_back(index);
    return index;
  }

  Result<int> sub(const json& j, const std::string& where) { return intern(&j, where); }

  Result<std::vector<int>> sub_list(const json& j, const std::string& where) {
    if (!j.is_array()) {
      return bad("expected an array of schemas", where);
    }
    std::vector<int> out;
    for (size_t i = 0; i < j.size(); ++i) {
      Result<int> s = sub(j[i], where + "/" + std::to_string(i));
      GW_TRY(s);
      out.push_back(*s);
    }
    return out;
  }

  Result<int> regex(const std::string& pattern, const std::string& where) {
    if (auto it = regex_index_.find(pattern); it != regex_index_.end()) {
      return it->second;
    }
    Result<SchemaRegex> re = SchemaRegex::compile(pattern);
    if (!re) {
      return bad(re.error().message, where);
    }
    c_.regexes.push_back(std::move(*re));
    const int index = static_cast<int>(c_.regexes.size() - 1);
    regex_index_.emplace(pattern, index);
    return index;
  }

  static Result<std::optional<uint64_t>> count(const json& j, const char* key,
                                               const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) {
      return std::nullopt;
    }
    if (it->is_number_unsigned() || (it->is_number_integer() && it->get<int64_t>() >= 0)) {
      return it->get<uint64_t>();
    }
    if (it->is_number_float() && it->get<double>() >= 0 && it->get<double>() < 1e19 &&
        it->get<double>() == static_cast<double>(static_cast<uint64_t>(it->get<double>()))) {
      return static_cast<uint64_t>(it->get<double>());
    }
    return bad(std::string("'") + key + "' must be a non-negative integer", where);
  }

  static Result<std::optional<double>> number(const json& j, const char* key,
                                              const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) {
      return std::nullopt;
    }
    if (!it->is_number()) {
      return bad(std::string("'") + key + "' must be a number", where);
    }
    return it->get<double>();
  }

  static Result<bool> flag(const json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) {
      return false;
    }
    if (!it->is_boolean()) {
      return bad(std::string("'") + key + "' must be a boolean", where);
    }
    return it->get<bool>();
  }

  Result<void> fill_types(const json& j, Node& n) {
    auto it = j.find("type");
    if (it == j.end()) {
      return {};
    }
    std::vector<json> names = it->is_array() ? it->get<std::vector<json>>() : std::vector{*it};
    for (const json& name : names) {
      const uint8_t bit = name.is_string() ? type_bit(name.get<std::string>()) : 0;
      if (bit == 0) {
        return bad("unknown type " + name.dump(), n.where);
      }
      n.types |= bit;
    }
    n.type_list = json(names).dump();
    return {};
  }

  Result<void> fill_scalars(const json& j, Node& n) {
    GW_TRY(fill_types(j, n));
    if (auto it = j.find("enum"); it != j.end()) {
      if (!it->is_array()) {
        return bad("'enum' must be an array", n.where);
      }
      n.enum_values = &*it;
    }
    auto multiple = number(j, "multipleOf", n.where);
    auto min = number(j, "minimum", n.where);
    auto max = number(j, "maximum", n.where);
    auto xmin = flag(j, "exclusiveMinimum", n.where);
    auto xmax = flag(j, "exclusiveMaximum", n.where);
    auto unique = flag(j, "uniqueItems", n.where);
    GW_TRY(multiple);
    GW_TRY(min);
    GW_TRY(max);
    GW_TRY(xmin);
    GW_TRY(xmax);
    GW_TRY(unique);
    if (*multiple && **multiple <= 0) {
      return bad("'multipleOf' must be greater than 0", n.where);
    }
    n.multiple_of = *multiple;
    n.minimum = *min;
    n.maximum = *max;
    n.exclusive_minimum = *xmin;
    n.exclusive_maximum = *xmax;
    n.unique_items = *unique;
    for (auto [key, slot] : {std::pair{"minLength", &n.min_length},
                             {"maxLength", &n.max_length},
                             {"minItems", &n.min_items},
                             {"maxItems", &n.max_items},
                             {"minProperties", &n.min_properties},
                             {"maxProperties", &n.max_properties}}) {
      auto v = count(j, key, n.where);
      GW_TRY(v);
      *slot = *v;
    }
    if (auto it = j.find("pattern"); it != j.end()) {
      if (!it->is_string()) {
        return bad("'pattern' must be a string", n.where);
      }
      auto re = regex(it->get<std::string>(), n.where + "/pattern");
      GW_TRY(re);
      n.pattern = *re;
    }
    if (auto it = j.find("format"); it != j.end() && it->is_string()) {
      n.format = it->get<std::string>();
    }
    return {};
  }

  /// `additionalItems` / `additionalProperties`: a boolean or a schema.
  Result<void> fill_additional(const json& j, const char* key, const std::string& where,
                               int* schema, bool* none) {
    auto it = j.find(key);
    if (it == j.end()) {
      return {};
    }
    if (it->is_boolean()) {
      *none = !it->get<bool>();
      return {};
    }
    Result<int> s = sub(*it, where + "/" + key);
    GW_TRY(s);
    *schema = *s;
    return {};
  }

  Result<void> fill_arrays(const json& j, Node& n) {
    if (auto it = j.find("items"); it != j.end()) {
      if (it->is_array()) {
        auto list = sub_list(*it, n.where + "/items");
        GW_TRY(list);
        n.tuple = std::move(*list);
        n.tuple_form = true;
      } else {
        auto s = sub(*it, n.where + "/items");
        GW_TRY(s);
        n.items = *s;
      }
    }
    return fill_additional(j, "additionalItems", n.where, &n.additional_items,
                           &n.no_additional_items);
  }

  Result<void> fill_required(const json& j, Node& n) {
    auto it = j.find("required");
    if (it == j.end()) {
      return {};
    }
    if (!it->is_array()) {
      return bad("'required' must be an array of strings", n.where);
    }
    for (const json& name : *it) {
      if (!name.is_string()) {
        return bad("'required' must be an array of strings", n.where);
      }
      n.required.push_back(name.get<std::string>());
    }
    return {};
  }

  Result<void> fill_properties(const json& j, Node& n) {
    GW_TRY(fill_required(j, n));
    for (const char* key : {"properties", "patternProperties"}) {
      auto it = j.find(key);
      if (it == j.end()) {
        continue;
      }
      if (!it->is_object()) {
        return bad(std::string("'") + key + "' must be an object", n.where);
      }
      for (const auto& [name, schema] : it->items()) {
        auto s = sub(schema, n.where + "/" + key + "/" + name);
        GW_TRY(s);
        if (std::string_view(key) == "properties") {
          n.properties.emplace(name, *s);
        } else {
          auto re = regex(name, n.where + "/patternProperties");
          GW_TRY(re);
          n.pattern_properties.emplace_back(*re, *s);
        }
      }
    }
    GW_TRY(fill_additional(j, "additionalProperties", n.where, &n.additional_properties,
                           &n.no_additional_properties));
    return fill_dependencies(j, n);
  }

  Result<void> fill_dependencies(const json& j, Node& n) {
    auto it = j.find("dependencies");
    if (it == j.end()) {
      return {};
    }
    if (!it->is_object()) {
      return bad("'dependencies' must be an object", n.where);
    }
    for (const auto& [name, value] : it->items()) {
      Dependency d;
      if (value.is_array()) {
        for (const json& v : value) {
          if (!v.is_string()) {
            return bad("a property dependency must list strings", n.where);
          }
          d.names.push_back(v.get<std::string>());
        }
      } else {
        auto s = sub(value, n.where + "/dependencies/" + name);
        GW_TRY(s);
        d.schema = *s;
      }
      n.dependencies.emplace_back(name, std::move(d));
    }
    return {};
  }

  Result<void> fill_combinators(const json& j, Node& n) {
    for (auto [key, slot] :
         {std::pair{"allOf", &n.all_of}, {"anyOf", &n.any_of}, {"oneOf", &n.one_of}}) {
      if (auto it = j.find(key); it != j.end()) {
        auto list = sub_list(*it, n.where + "/" + key);
        GW_TRY(list);
        *slot = std::move(*list);
      }
    }
    if (auto it = j.find("not"); it != j.end()) {
      auto s = sub(*it, n.where + "/not");
      GW_TRY(s);
      n.not_schema = *s;
    }
    return {};
  }

  // Fills a copy: interning subschemas grows c_.nodes, which would move a reference.
  Result<void> fill(int index) {
    const json& j = *sources_[static_cast<size_t>(index)];
    Node n;
    n.where = c_.nodes[static_cast<size_t>(index)].where;
    GW_TRY(fill_scalars(j, n));
    GW_TRY(fill_arrays(j, n));
    GW_TRY(fill_properties(j, n));
    GW_TRY(fill_combinators(j, n));
    c_.nodes[static_cast<size_t>(index)] = std::move(n);
    return {};
  }

  /// The subschemas checked against the same value (not descending into the body).
  static std::vector<int> same_value_edges(const Node& n) {
    std::vector<int> out = n.all_of;
    out.insert(out.end(), n.any_of.begin(), n.any_of.end());
    out.insert(out.end(), n.one_of.begin(), n.one_of.end());
    if (n.not_schema >= 0) {
      out.push_back(n.not_schema);
    }
    for (const auto& [name, d] : n.dependencies) {
      if (d.schema >= 0) {
        out.push_back(d.schema);
      }
    }
    return out;
  }

  // An iterative depth-first search for a cycle of same-value edges.
  Result<void> check_cycles() const {
    enum Color : uint8_t { kWhite, kGrey, kBlack };
    std::vector<Color> color(c_.nodes.size(), kWhite);
    for (size_t start = 0; start < c_.nodes.size(); ++start) {
      if (color[start] != kWhite) {
        continue;
      }
      std::vector<std::pair<int, size_t>> stack = {{static_cast<int>(start), 0}};
      std::vector<std::vector<int>> edges = {same_value_edges(c_.nodes[start])};
      color[start] = kGrey;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next == edges.back().size()) {
          color[static_cast<size_t>(node)] = kBlack;
          stack.pop_back();
          edges.pop_back();
          continue;
        }
        const int to = edges.back()[next++];
        if (color[static_cast<size_t>(to)] == kGrey) {
          return bad(
              "the schema refers to itself through allOf, anyOf, oneOf, not or "
              "dependencies without descending into a property or an item",
              c_.nodes[static_cast<size_t>(to)].where);
        }
        if (color[static_cast<size_t>(to)] == kWhite) {
          color[static_cast<size_t>(to)] = kGrey;
          stack.emplace_back(to, 0);
          edges.push_back(same_value_edges(c_.nodes[static_cast<size_t>(to)]));
        }
      }
    }
    return {};
  }

  Compiled& c_;
  std::unordered_map<const json*, int> index_;
  std::vector<const json*> sources_;  ///< node index -> its schema object
  std::vector<int> pending_;          ///< nodes interned but not filled yet
  std::map<std::string, int> regex_index_;
};

}  // namespace

Result<std::unique_ptr<const Compiled>> compile(nlohmann::json document) {
  auto c = std::make_unique<Compiled>();
  c->document = std::move(document);
  Compiler compiler(*c);
  GW_TRY(compiler.run());
  return std::unique_ptr<const Compiled>(std::move(c));
}

}  // namespace gw::openapi::schema
