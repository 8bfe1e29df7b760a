#include "core/vtl/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace gw::vtl {

const Value* Map::find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Value* Map::find(std::string_view key) {
  for (auto& [k, v] : entries) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Value Map::put(std::string key, Value v) {
  if (Value* existing = find(key)) {
    Value old = std::move(*existing);
    *existing = std::move(v);
    return old;
  }
  entries.emplace_back(std::move(key), std::move(v));
  return Value();
}

namespace {

thread_local CycleBreaker* current_breaker = nullptr;

}  // namespace

CycleBreaker::CycleBreaker() : prev_(current_breaker) { current_breaker = this; }

CycleBreaker::~CycleBreaker() {
  current_breaker = prev_;
  for (auto& w : lists_) {
    if (auto l = w.lock()) {
      std::vector<Value> items = std::move(l->items);  // destroyed after the lock is released
      l->items.clear();
    }
  }
  for (auto& w : maps_) {
    if (auto m = w.lock()) {
      auto entries = std::move(m->entries);
      m->entries.clear();
    }
  }
}

void CycleBreaker::track(const std::shared_ptr<List>& l) {
  if (current_breaker != nullptr) {
    current_breaker->lists_.push_back(l);
  }
}

void CycleBreaker::track(const std::shared_ptr<Map>& m) {
  if (current_breaker != nullptr) {
    current_breaker->maps_.push_back(m);
  }
}

Value Value::new_list(bool from_json) {
  auto l = std::make_shared<List>();
  l->from_json = from_json;
  CycleBreaker::track(l);
  return Value(std::move(l));
}

Value Value::new_map() {
  auto m = std::make_shared<Map>();
  CycleBreaker::track(m);
  return Value(std::move(m));
}

double Value::as_double() const {
  return kind() == Kind::Int ? static_cast<double>(as_int()) : std::get<double>(v_);
}

std::string java_double(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  double mag = std::fabs(d);
  char buf[64];
  if (d == 0 || (mag >= 1e-3 && mag < 1e7)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    std::string s(buf, end);
    if (s.find('.') == std::string::npos) {
      s += ".0";
    }
    return s;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string s(buf, end);  // e.g. 1.5e+07 -> 1.5E7
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  if (mant.find('.') == std::string::npos) {
    mant += ".0";
  }
  int exp = std::stoi(s.substr(e + 1));
  return mant + "E" + std::to_string(exp);
}

namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += nlohmann::ordered_json(s).dump(-1, ' ', false,
                                        nlohmann::ordered_json::error_handler_t::replace);
}

void append_json_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) {
    s += ".0";
  }
  out += s;
}

}  // namespace

void Value::append_to(std::string& out, size_t limit, int depth) const {
  if (out.size() > limit || depth > kMaxPrintDepth) {
    out += "...";
    return;
  }
  switch (kind()) {
    case Kind::Null:
      out += "null";
      return;
    case Kind::Bool:
      out += as_bool() ? "true" : "false";
      return;
    case Kind::Int:
      out += std::to_string(as_int());
      return;
    case Kind::Double:
      out += java_double(std::get<double>(v_));
      return;
    case Kind::String:
      out += as_string();
      return;
    case Kind::List: {
      const List& l = as_list();
      if (l.from_json) {
        append_json(out, limit, depth);
        return;
      }
      out += '[';
      for (size_t i = 0; i < l.items.size() && out.size() <= limit; ++i) {
        out += i ? ", " : "";
        l.items[i].append_to(out, limit, depth + 1);
      }
      out += ']';
      return;
    }
    case Kind::Map: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : as_map().entries) {
        out += first ? "" : ", ";
        first = false;
        out += k;
        out += '=';
        v.append_to(out, limit, depth + 1);
        if (out.size() > limit) {
          break;
        }
      }
      out += '}';
      return;
    }
    case Kind::Builtin:
      out += "$builtin";
      return;
  }
}

void Value::append_json(std::string& out, size_t limit, int depth) const {
  if (out.size() > limit || depth > kMaxPrintDepth) {
    out += "...";
    return;
  }
  switch (kind()) {
    case Kind::Null:
    case Kind::Builtin:
      out += "null";
      return;
    case Kind::Double:
      append_json_double(out, std::get<double>(v_));
      return;
    case Kind::String:
      append_json_string(out, as_string());
      return;
    case Kind::List: {
      out += '[';
      const List& l = as_list();
      for (size_t i = 0; i < l.items.size() && out.size() <= limit; ++i) {
        out += i ? "," : "";
        l.items[i].append_json(out, limit, depth + 1);
      }
      out += ']';
      return;
    }
    case Kind::Map: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : as_map().entries) {
        out += first ? "" : ",";
        first = false;
        append_json_string(out, k);
        out += ':';
        v.append_json(out, limit, depth + 1);
        if (out.size() > limit) {
          break;
        }
      }
      out += '}';
      return;
    }
    default:
      append_to(out, limit, depth);
      return;
  }
}

std::string Value::str() const {
  std::string out;
  append_to(out);
  return out;
}

namespace {

template <class J>
Value convert(const J& j) {
  switch (j.type()) {
    case J::value_t::boolean:
      return Value(j.template get<bool>());
    case J::value_t::number_integer:
      return Value(j.template get<int64_t>());
    case J::value_t::number_unsigned:
      return Value(static_cast<int64_t>(j.template get<uint64_t>()));
    case J::value_t::number_float:
      return Value(j.template get<double>());
    case J::value_t::string:
      return Value(j.template get<std::string>());
    case J::value_t::array: {
      Value out = Value::new_list(true);
      out.as_list().items.reserve(j.size());
      for (const auto& e : j) {
        out.as_list().items.push_back(convert(e));
      }
      return out;
    }
    case J::value_t::object: {
      Value out = Value::new_map();
      for (auto it = j.begin(); it != j.end(); ++it) {
        out.as_map().entries.emplace_back(it.key(), convert(it.value()));
      }
      return out;
    }
    default:
      return Value();
  }
}

}  // namespace

Value from_json(const nlohmann::ordered_json& j) { return convert(j); }

std::optional<nlohmann::ordered_json> parse_json(std::string_view text, int max_depth) {
  bool too_deep = false;
  auto guard = [&](int depth, nlohmann::ordered_json::parse_event_t, nlohmann::ordered_json&) {
    too_deep = too_deep || depth > max_depth;
    return !too_deep;
  };
  auto j = nlohmann::ordered_json::parse(text, guard, false);
  if (too_deep || j.is_discarded()) {
    return std::nullopt;
  }
  return j;
}
Value from_json(const nlohmann::json& j) { return convert(j); }

nlohmann::ordered_json to_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Bool:
      return v.as_bool();
    case Value::Kind::Int:
      return v.as_int();
    case Value::Kind::Double:
      return v.as_double();
    case Value::Kind::String:
      return v.as_string();
    case Value::Kind::List: {
      auto out = nlohmann::ordered_json::array();
      for (const auto& e : v.as_list().items) {
        out.push_back(to_json(e));
      }
      return out;
    }
    case Value::Kind::Map: {
      auto out = nlohmann::ordered_json::object();
      for (const auto& [k, e] : v.as_map().entries) {
        out[k] = to_json(e);
      }
      return out;
    }
    default:
      return nullptr;
  }
}

Value string_map(const std::vector<std::pair<std::string, std::string>>& entries) {
  Value out = Value::new_map();
  for (const auto& [k, v] : entries) {
    out.as_map().put(k, Value(v));
  }
  return out;
}

namespace {

bool equal_at(const Value& a, const Value& b, int depth);

}  // namespace

bool values_equal(const Value& a, const Value& b) { return equal_at(a, b, 0); }

void put_path(Value& map, std::string_view dotted, Value v) {
  Value* at = &map;
  size_t dot;
  while ((dot = dotted.find('.')) != std::string_view::npos) {
    std::string_view key = dotted.substr(0, dot);
    Value* next = at->as_map().find(key);
    if (next == nullptr || next->kind() != Value::Kind::Map) {
      at->as_map().put(std::string(key), Value::new_map());
      next = at->as_map().find(key);
    }
    at = next;
    dotted.remove_prefix(dot + 1);
  }
  at->as_map().put(std::string(dotted), std::move(v));
}

namespace {

bool equal_at(const Value& a, const Value& b, int depth) {
  if (depth > Value::kMaxPrintDepth) {
    return false;
  }
  if (a.is_number() && b.is_number()) {
    if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) {
      return a.as_int() == b.as_int();
    }
    return a.as_double() == b.as_double();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case Value::Kind::Null:
      return true;
    case Value::Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::String:
      return a.as_string() == b.as_string();
    case Value::Kind::Builtin:
      return a.as_builtin() == b.as_builtin();
    case Value::Kind::List: {
      const auto& x = a.as_list().items;
      const auto& y = b.as_list().items;
      if (x.size() != y.size()) {
        return false;
      }
      for (size_t i = 0; i < x.size(); ++i) {
        if (!equal_at(x[i], y[i], depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case Value::Kind::Map: {
      const auto& x = a.as_map().entries;
      const auto& y = b.as_map();
      if (x.size() != y.entries.size()) {
        return false;
      }
      for (const auto& [k, v] : x) {
        const Value* o = y.find(k);
        if (o == nullptr || !equal_at(v, *o, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

}  // namespace gw::vtl
