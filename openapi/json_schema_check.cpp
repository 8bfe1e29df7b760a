// Validating a body against a compiled schema (json_schema.h). Messages follow the wording of
// the validator API Gateway uses (java json-schema-validator): "object has missing required
// properties ([\"name\"])", "instance type (string) does not match any allowed primitive type
// (allowed: [\"integer\"])".
#include <algorithm>
#include <charconv>
#include <cmath>

#include "openapi/json_schema.h"
#include "openapi/schema_formats.h"

namespace gw::openapi::schema {
namespace {

using nlohmann::json;

std::string num(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

std::string quote(const std::string& s) {
  constexpr size_t kShown = 64;
  if (s.size() <= kShown) {
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  return json(s.substr(0, cut) + "...").dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string type_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    default:
      return "object";
  }
}

uint8_t bits_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return kNull;
    case json::value_t::boolean:
      return kBoolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return kInteger | kNumber;
    case json::value_t::number_float:
      return kNumber;
    case json::value_t::string:
      return kString;
    case json::value_t::array:
      return kArray;
    default:
      return kObject;
  }
}

size_t code_points(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool multiple_of(const json& v, double m) {
  if (v.is_number_integer() && m == std::floor(m) && m < 9.2e18) {
    const auto d = static_cast<uint64_t>(m);
    const uint64_t magnitude = v.is_number_unsigned() ? v.get<uint64_t>()
                               : v.get<int64_t>() < 0 ? 0 - static_cast<uint64_t>(v.get<int64_t>())
                                                      : static_cast<uint64_t>(v.get<int64_t>());
    return magnitude % d == 0;
  }
  const double q = v.get<double>() / m;
  return std::isfinite(q) && std::abs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::abs(q));
}

/// `5:hello`: unambiguous without escaping.
void length_prefixed(const std::string& s, std::string& out) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

/// Equal texts for equal JSON values, and only for them (draft 4: 1 and 1.0 are equal; objects
/// are unordered, and nlohmann keeps their keys sorted). Every part is self-delimiting.
void canonical(const json& v, std::string& out) {
  switch (v.type()) {
    case json::value_t::number_integer:
      out += '#' + std::to_string(v.get<int64_t>()) + ';';
      return;
    case json::value_t::number_unsigned:
      out += '#' + std::to_string(v.get<uint64_t>()) + ';';
      return;
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (d == std::floor(d) && std::abs(d) < 9.2e18) {
        out += '#' + std::to_string(static_cast<int64_t>(d)) + ';';
      } else if (d == std::floor(d) && d > 0 && d < 1.8e19) {
        out += '#' + std::to_string(static_cast<uint64_t>(d)) + ';';  // as uint64 prints it
      } else {
        out += '#' + num(d) + ';';
      }
      return;
    }
    case json::value_t::array:
      out += '[';
      for (const json& item : v) {
        canonical(item, out);
        out += ',';
      }
      out += ']';
      return;
    case json::value_t::object:
      out += '{';
      for (auto it = v.begin(); it != v.end(); ++it) {
        length_prefixed(it.key(), out);
        canonical(*it, out);
      }
      out += '}';
      return;
    case json::value_t::string:
      out += 's';
      length_prefixed(v.get_ref<const std::string&>(), out);
      return;
    case json::value_t::boolean:
      out += v.get<bool>() ? 't' : 'f';
      return;
    default:
      out += 'n';
      return;
  }
}

class Checker {
 public:
  Checker(const Compiled& c, RegexBudget budget) : c_(c), budget_(budget) {}

  Outcome run(const json& value) {
    visit(c_.root, value, true);
    Outcome out;
    if (!limit_.empty()) {
      out.errors = {limit_};
      out.limit = limit_;
    } else {
      out.errors = std::move(errors_);
    }
    return out;
  }

 private:
  /// Appends "/token" to the pointer for the scope of a check.
  class Segment {
   public:
    Segment(std::string& path, const std::string& token) : path_(path), size_(path.size()) {
      path_.push_back('/');
      for (char ch : token) {
        path_ += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
      }
    }
    ~Segment() { path_.resize(size_); }
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

   private:
    std::string& path_;
    size_t size_;
  };

  bool stopped() const { return !limit_.empty(); }
  [[gnu::noinline]] void stop(std::string why) {
    if (limit_.empty()) {
      limit_ = std::move(why);
    }
  }
  [[gnu::noinline]] void stop_counted(const char* before, uint64_t count, const char* after) {
    stop(before + std::to_string(count) + after);
  }

  /// Records a failure when reporting; always returns false.
  [[gnu::noinline]] bool error(bool report, const std::string& message) {
    if (report && errors_.size() < kMaxErrors) {
      errors_.push_back(message + " (at " + (path_.empty() ? "/" : path_) + ")");
    }
    return false;
  }

  bool visit(int index, const json& v, bool report) {
    if (stopped()) {
      return false;
    }
    if (++steps_ > kMaxSteps) {
      stop_counted("validation stopped after ", kMaxSteps, " checks");
      return false;
    }
    if (frames_ >= kMaxFrames) {
      stop_counted("the body nests too deep for its model (", kMaxFrames, " nested checks)");
      return false;
    }
    ++frames_;
    const bool ok = check(c_.nodes[static_cast<size_t>(index)], v, report);
    --frames_;
    return ok && !stopped();
  }

  // The recursion runs visit -> check -> check_array/check_object -> visit: the leaf checks
  // and message building stay out of line so those frames stay small.
  bool check(const Node& n, const json& v, bool report) {
    bool ok = check_type_and_enum(n, v, report);
    if (!ok && !report) {
      return false;
    }
    if (v.is_number()) {
      ok = check_number(n, v, report) && ok;
    } else if (v.is_string()) {
      ok = check_string(n, v.get_ref<const std::string&>(), report) && ok;
    } else if (v.is_array()) {
      ok = check_array(n, v, report) && ok;
    } else if (v.is_object()) {
      ok = check_object(n, v, report) && ok;
    }
    if (!ok && !report) {
      return false;
    }
    return check_combinators(n, v, report) && ok;
  }

  [[gnu::noinline]] bool check_type_and_enum(const Node& n, const json& v, bool report) {
    bool ok = true;
    if (n.types != 0 && (n.types & bits_of(v)) == 0) {
      ok = error(report,
                 "instance type (" + type_of(v) +
                     ") does not match any allowed primitive type (allowed: " + n.type_list + ")");
      if (!report) {
        return false;
      }
    }
    if (n.enum_values != nullptr && !in_enum(*n.enum_values, v)) {
      ok = error(report, "instance value (" +
                             v.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 200) +
                             ") not found in enum (possible values: " +
                             n.enum_values->dump(-1, ' ', false, json::error_handler_t::replace) +
                             ")");
    }
    return ok;
  }

  bool in_enum(const json& values, const json& v) {
    steps_ += values.size();
    return std::any_of(values.begin(), values.end(), [&](const json& e) { return e == v; });
  }

  [[gnu::noinline]] bool check_number(const Node& n, const json& v, bool report) {
    const double d = v.get<double>();
    bool ok = true;
    if (n.multiple_of && !multiple_of(v, *n.multiple_of)) {
      ok = error(report, "remainder of division is not zero (" + num(d) + " / " +
                             num(*n.multiple_of) + ")");
    }
    if (n.maximum && (n.exclusive_maximum ? d >= *n.maximum : d > *n.maximum)) {
      ok = error(report, n.exclusive_maximum
                             ? "numeric instance is not strictly lower than the required maximum " +
                                   num(*n.maximum)
                             : "numeric instance is greater than the required maximum (maximum: " +
                                   num(*n.maximum) + ", found: " + num(d) + ")");
    }
    if (n.minimum && (n.exclusive_minimum ? d <= *n.minimum : d < *n.minimum)) {
      ok = error(report,
                 n.exclusive_minimum
                     ? "numeric instance is not strictly greater than the required minimum " +
                           num(*n.minimum)
                     : "numeric instance is lower than the required minimum (minimum: " +
                           num(*n.minimum) + ", found: " + num(d) + ")");
    }
    return ok;
  }

  [[gnu::noinline]] bool check_string(const Node& n, const std::string& s, bool report) {
    bool ok = true;
    if (n.min_length || n.max_length) {
      const size_t length = code_points(s);
      if (n.min_length && length < *n.min_length) {
        ok = error(report, "string " + quote(s) +
                               " is too short (length: " + std::to_string(length) +
                               ", required minimum: " + std::to_string(*n.min_length) + ")");
      }
      if (n.max_length && length > *n.max_length) {
        ok =
            error(report, "string " + quote(s) + " is too long (length: " + std::to_string(length) +
                              ", maximum allowed: " + std::to_string(*n.max_length) + ")");
      }
    }
    if (n.pattern >= 0 && !search(n.pattern, s)) {
      ok = error(report, "ECMA 262 regex " +
                             quote(c_.regexes[static_cast<size_t>(n.pattern)].pattern()) +
                             " does not match input string " + quote(s));
    }
    if (!n.format.empty() && !matches_format(n.format, s)) {
      ok = error(report, "string " + quote(s) + " is invalid against requested format \"" +
                             n.format + "\"");
    }
    return ok;
  }

  /// The pattern searched in `s`; a match over its bound stops validation.
  bool search(int regex, const std::string& s) {
    const SchemaRegex& re = c_.regexes[static_cast<size_t>(regex)];
    switch (re.search(s, budget_)) {
      case SchemaRegex::Outcome::Match:
        return true;
      case SchemaRegex::Outcome::NoMatch:
        return false;
      case SchemaRegex::Outcome::OverLimit:
        break;
    }
    stop("pattern " + quote(re.pattern()) + " exceeded its match limit on a " +
         std::to_string(s.size()) + "-byte string at " + (path_.empty() ? "/" : path_));
    return false;
  }

  // Sorting canonical texts: a total order (nlohmann's operator< mixes integers and doubles
  // through double, which is not one, and std::sort needs one), O(n log n).
  [[gnu::noinline]] bool unique(const json& v) {
    std::vector<std::string> keys;
    keys.reserve(v.size());
    for (const json& item : v) {
      keys.emplace_back();
      canonical(item, keys.back());
    }
    std::sort(keys.begin(), keys.end());
    steps_ += keys.size();
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
  }

  bool check_array(const Node& n, const json& v, bool report) {
    bool ok = array_bounds(n, v, report);
    if (!ok && !report) {
      return false;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      int schema = n.items;
      if (n.tuple_form) {
        schema = i < n.tuple.size() ? n.tuple[i] : n.additional_items;
      }
      if (schema < 0) {
        if (!n.tuple_form) {
          break;
        }
        continue;
      }
      Segment at(path_, std::to_string(i));
      if (!visit(schema, v[i], report)) {
        ok = false;
        if (!report || stopped()) {
          return false;
        }
      }
    }
    return ok;
  }

  [[gnu::noinline]] bool array_bounds(const Node& n, const json& v, bool report) {
    bool ok = true;
    if (n.min_items && v.size() < *n.min_items) {
      ok =
          error(report, "array is too short: must have at least " + std::to_string(*n.min_items) +
                            " elements but instance has " + std::to_string(v.size()) + " elements");
    }
    if (n.max_items && v.size() > *n.max_items) {
      ok =
          error(report, "array is too long: must have at most " + std::to_string(*n.max_items) +
                            " elements but instance has " + std::to_string(v.size()) + " elements");
    }
    if (n.tuple_form && n.no_additional_items && v.size() > n.tuple.size()) {
      ok =
          error(report, "array is too long: must have at most " + std::to_string(n.tuple.size()) +
                            " elements but instance has " + std::to_string(v.size()) + " elements");
    }
    if (n.unique_items && !unique(v)) {
      ok = error(report, "array must not contain duplicate elements");
    }
    return ok;
  }

  bool check_object(const Node& n, const json& v, bool report) {
    bool ok = object_bounds(n, v, report);
    if (!ok && !report) {
      return false;
    }
    ok = check_dependencies(n, v, report) && ok;
    if (!ok && !report) {
      return false;
    }
    return check_members(n, v, report) && ok;
  }

  [[gnu::noinline]] bool object_bounds(const Node& n, const json& v, bool report) {
    bool ok = true;
    if (n.min_properties && v.size() < *n.min_properties) {
      ok = error(report, "object has too few properties (found " + std::to_string(v.size()) +
                             " but schema requires at least " + std::to_string(*n.min_properties) +
                             ")");
    }
    if (n.max_properties && v.size() > *n.max_properties) {
      ok = error(report, "object has too many properties (found " + std::to_string(v.size()) +
                             " but schema requires at most " + std::to_string(*n.max_properties) +
                             ")");
    }
    std::vector<std::string> missing;
    for (const std::string& name : n.required) {
      if (!v.contains(name)) {
        missing.push_back(name);
      }
    }
    if (!missing.empty()) {
      ok = error(report, "object has missing required properties (" + json(missing).dump() + ")");
    }
    return ok;
  }

  [[gnu::noinline]] bool check_dependencies(const Node& n, const json& v, bool report) {
    bool ok = true;
    for (const auto& [name, d] : n.dependencies) {
      if (!v.contains(name)) {
        continue;
      }
      if (d.schema >= 0) {
        if (!visit(d.schema, v, report)) {
          ok = false;
          if (!report || stopped()) {
            return false;
          }
        }
        continue;
      }
      std::vector<std::string> missing;
      for (const std::string& other : d.names) {
        if (!v.contains(other)) {
          missing.push_back(other);
        }
      }
      if (!missing.empty()) {
        ok = error(report, "property " + quote(name) +
                               " of object has missing property dependencies (schema requires " +
                               json(d.names).dump() + "; missing: " + json(missing).dump() + ")");
      }
    }
    return ok;
  }

  bool check_members(const Node& n, const json& v, bool report) {
    bool ok = true;
    std::vector<std::string> extra;
    for (auto it = v.begin(); it != v.end() && !stopped(); ++it) {
      const std::string& key = it.key();
      bool matched = false;
      Segment at(path_, key);
      if (auto p = n.properties.find(key); p != n.properties.end()) {
        matched = true;
        ok = visit(p->second, *it, report) && ok;
      }
      for (const auto& [regex, schema] : n.pattern_properties) {
        if ((ok || report) && search(regex, key)) {
          matched = true;
          ok = visit(schema, *it, report) && ok;
        }
      }
      if (!matched && n.no_additional_properties) {
        extra.push_back(key);
      } else if (!matched && n.additional_properties >= 0) {
        ok = visit(n.additional_properties, *it, report) && ok;
      }
      if (!ok && !report) {
        return false;
      }
    }
    return (extra.empty() || extra_error(report, std::move(extra))) && ok;
  }

  [[gnu::noinline]] bool extra_error(bool report, std::vector<std::string> extra) {
    if (extra.size() > 20) {
      extra.resize(20);
      extra.emplace_back("...");
    }
    return error(report, "object instance has properties which are not allowed by the schema: " +
                             json(extra).dump(-1, ' ', false, json::error_handler_t::replace));
  }

  bool check_combinators(const Node& n, const json& v, bool report) {
    bool ok = true;
    for (int s : n.all_of) {
      if (!visit(s, v, report)) {
        ok = false;
        if (!report || stopped()) {
          return false;
        }
      }
    }
    if (!n.any_of.empty() &&
        std::none_of(n.any_of.begin(), n.any_of.end(), [&](int s) { return visit(s, v, false); })) {
      ok = counted_error(report, "instance failed to match at least one required schema among ",
                         n.any_of.size(), "");
    }
    if (!n.one_of.empty()) {
      size_t matched = 0;
      for (size_t i = 0; i < n.one_of.size() && matched < 2 && !stopped(); ++i) {
        matched += visit(n.one_of[i], v, false) ? 1 : 0;
      }
      if (matched != 1) {
        ok = counted_error(report, "instance failed to match exactly one schema (matched ", matched,
                           " out of " + std::to_string(n.one_of.size()) + ")");
      }
    }
    if (n.not_schema >= 0 && visit(n.not_schema, v, false)) {
      ok = error(report, "instance matched a schema which it should not have");
    }
    return ok;
  }

  [[gnu::noinline]] bool counted_error(bool report, const char* before, size_t count,
                                       const std::string& after) {
    return error(report, before + std::to_string(count) + after);
  }

  const Compiled& c_;
  RegexBudget budget_;
  std::vector<std::string> errors_;
  std::string path_;
  std::string limit_;
  uint64_t steps_ = 0;
  size_t frames_ = 0;
};

}  // namespace

Outcome validate(const Compiled& schema, const nlohmann::json& value, RegexBudget budget) {
  return Checker(schema, budget).run(value);
}

}  // namespace gw::openapi::schema
