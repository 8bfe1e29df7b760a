// The Java methods templates call on strings, lists, maps and numbers. Strings are indexed by
// byte (Java indexes UTF-16 units: identical for ASCII).
#include <algorithm>
#include <cctype>

#include "core/vtl/eval.h"

namespace gw::vtl::detail {

namespace {

using Args = std::vector<Value>;

bool is_int(const Args& a, size_t i) { return i < a.size() && a[i].kind() == Value::Kind::Int; }
bool is_str(const Args& a, size_t i) { return i < a.size() && a[i].is_string(); }

Value make_list(std::vector<std::string> parts) {
  Value out = Value::new_list();
  for (auto& p : parts) {
    out.as_list().items.emplace_back(std::move(p));
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string replace_literal(const std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) {
    return s;
  }
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out += to;
  }
  out.append(s, pos);
  return out;
}

template <class T>
Result<Value> lift(Result<T> r) {
  if (!r) {
    return std::unexpected(std::move(r).error());
  }
  return Value(std::move(*r));
}

Value string_no_args(const std::string& s, std::string_view name) {
  if (name == "length") {
    return Value(static_cast<int64_t>(s.size()));
  }
  if (name == "isEmpty") {
    return Value(s.empty());
  }
  if (name == "toLowerCase") {
    return Value(lower(s));
  }
  if (name == "toUpperCase") {
    return Value(upper(s));
  }
  if (name == "toString") {
    return Value(s);
  }
  if (name == "trim") {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') {
      ++b;
    }
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') {
      --e;
    }
    return Value(s.substr(b, e - b));
  }
  return Value();
}

Result<Value> string_method(Evaluator& ev, const std::string& s, std::string_view name, Args& a,
                            uint32_t offset) {
  const size_t n = a.size();
  auto out_of_bounds = [&] {
    return std::unexpected(ev.error(
        offset, "StringIndexOutOfBoundsException in " + std::string(name) + "() on \"" + s + "\""));
  };
  if (n == 0) {
    return string_no_args(s, name);
  }
  if (name == "substring" && is_int(a, 0) && (n == 1 || is_int(a, 1))) {
    int64_t b = a[0].as_int();
    int64_t e = n == 2 ? a[1].as_int() : static_cast<int64_t>(s.size());
    if (b < 0 || e > static_cast<int64_t>(s.size()) || b > e) {
      return out_of_bounds();
    }
    return Value(s.substr(static_cast<size_t>(b), static_cast<size_t>(e - b)));
  }
  if (name == "charAt" && is_int(a, 0)) {
    int64_t i = a[0].as_int();
    if (i < 0 || i >= static_cast<int64_t>(s.size())) {
      return out_of_bounds();
    }
    return Value(std::string(1, s[static_cast<size_t>(i)]));
  }
  if (a[0].is_null()) {
    return Value();
  }
  std::string x = a[0].str();
  if (name == "indexOf" || name == "lastIndexOf") {
    size_t hit =
        name == "indexOf"
            ? s.find(x, is_int(a, 1) ? static_cast<size_t>(std::max<int64_t>(0, a[1].as_int())) : 0)
            : s.rfind(x);
    return Value(hit == std::string::npos ? int64_t{-1} : static_cast<int64_t>(hit));
  }
  if (name == "contains") {
    return Value(s.find(x) != std::string::npos);
  }
  if (name == "startsWith") {
    return Value(s.starts_with(x));
  }
  if (name == "endsWith") {
    return Value(s.ends_with(x));
  }
  if (name == "equals") {
    return Value(is_str(a, 0) && x == s);
  }
  if (name == "equalsIgnoreCase") {
    return Value(is_str(a, 0) && lower(x) == lower(s));
  }
  if (name == "concat") {
    return Value(s + x);
  }
  if (name == "matches") {
    return lift(regex_matches(s, x));
  }
  if (name == "split") {
    auto parts = regex_split(s, x, is_int(a, 1) ? a[1].as_int() : 0);
    if (!parts) {
      return std::unexpected(std::move(parts).error());
    }
    return make_list(std::move(*parts));
  }
  if (n == 2 && !a[1].is_null()) {
    std::string y = a[1].str();
    if (name == "replace") {
      return Value(replace_literal(s, x, y));
    }
    if (name == "replaceAll") {
      return lift(regex_replace(s, x, y, true));
    }
    if (name == "replaceFirst") {
      return lift(regex_replace(s, x, y, false));
    }
  }
  return Value();
}

Result<Value> list_method(Evaluator& ev, List& l, std::string_view name, Args& a, uint32_t offset) {
  auto& items = l.items;
  auto index_ok = [&](size_t i) {
    return is_int(a, i) && a[i].as_int() >= 0 && static_cast<size_t>(a[i].as_int()) < items.size();
  };
  auto find = [&](const Value& v) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (values_equal(items[i], v)) {
        return static_cast<int64_t>(i);
      }
    }
    return int64_t{-1};
  };
  if (name == "size") {
    return Value(static_cast<int64_t>(items.size()));
  }
  if (name == "isEmpty") {
    return Value(items.empty());
  }
  if (name == "clear") {
    items.clear();
    return Value();
  }
  if (a.empty()) {
    return Value();
  }
  if (name == "get" || name == "remove" || name == "set") {
    if (name == "remove" && !is_int(a, 0)) {
      int64_t i = find(a[0]);
      if (i >= 0) {
        items.erase(items.begin() + i);
      }
      return Value(i >= 0);
    }
    if (!index_ok(0)) {
      return std::unexpected(
          ev.error(offset, "IndexOutOfBoundsException in " + std::string(name) + "()"));
    }
    auto i = static_cast<size_t>(a[0].as_int());
    Value old = items[i];
    if (name == "remove") {
      items.erase(items.begin() + static_cast<ptrdiff_t>(i));
    }
    if (name == "set" && a.size() == 2) {
      items[i] = a[1];
    }
    return old;
  }
  if (name == "add") {
    if (a.size() == 2 && is_int(a, 0) && static_cast<size_t>(a[0].as_int()) <= items.size()) {
      items.insert(items.begin() + a[0].as_int(), a[1]);
      return Value();
    }
    items.push_back(a[0]);
    return Value(true);
  }
  if (name == "addAll" && a[0].kind() == Value::Kind::List) {
    std::vector<Value> copy = a[0].as_list().items;
    items.insert(items.end(), copy.begin(), copy.end());
    return Value(true);
  }
  if (name == "contains") {
    return Value(find(a[0]) >= 0);
  }
  if (name == "indexOf") {
    return Value(find(a[0]));
  }
  return Value();
}

Result<Value> map_method(Map& m, std::string_view name, Args& a) {
  if (name == "size") {
    return Value(static_cast<int64_t>(m.entries.size()));
  }
  if (name == "isEmpty") {
    return Value(m.entries.empty());
  }
  if (name == "keySet" || name == "values" || name == "entrySet") {
    Value out = Value::new_list();
    for (const auto& [k, v] : m.entries) {
      if (name == "keySet") {
        out.as_list().items.emplace_back(k);
      } else if (name == "values") {
        out.as_list().items.push_back(v);
      } else {
        Value entry = Value::new_map();
        entry.as_map().put("key", Value(k));
        entry.as_map().put("value", v);
        out.as_list().items.push_back(std::move(entry));
      }
    }
    return out;
  }
  if (name == "clear") {
    m.entries.clear();
    return Value();
  }
  if (a.empty()) {
    if (name == "getKey" || name == "getValue") {  // Map.Entry from entrySet()
      const Value* v = m.find(name == "getKey" ? "key" : "value");
      return v ? *v : Value();
    }
    return Value();
  }
  std::string key = a[0].str();
  if (name == "get") {
    const Value* v = m.find(key);
    return v ? *v : Value();
  }
  if (name == "containsKey") {
    return Value(m.find(key) != nullptr);
  }
  if (name == "put" && a.size() == 2) {
    return m.put(std::move(key), a[1]);
  }
  if (name == "putAll" && a[0].kind() == Value::Kind::Map) {
    auto copy = a[0].as_map().entries;
    for (auto& [k, v] : copy) {
      m.put(k, v);
    }
    return Value();
  }
  if (name == "remove") {
    auto it = std::find_if(m.entries.begin(), m.entries.end(),
                           [&](const auto& e) { return e.first == key; });
    if (it == m.entries.end()) {
      return Value();
    }
    Value old = it->second;
    m.entries.erase(it);
    return old;
  }
  if (name == "containsValue") {
    return Value(std::any_of(m.entries.begin(), m.entries.end(),
                             [&](const auto& e) { return values_equal(e.second, a[0]); }));
  }
  return Value();
}


/// What a value added to a list or map keeps alive: a slot, its string, and for a list or map
/// argument (addAll, putAll) one slot per element.
size_t retained_bytes(const Value& v) {
  constexpr size_t kSlot = sizeof(Value);
  if (v.is_string()) {
    return kSlot + v.as_string().size();
  }
  size_t n = kSlot;
  if (v.kind() == Value::Kind::List) {
    for (const auto& item : v.as_list().items) {
      n += kSlot + (item.is_string() ? item.as_string().size() : 0);
    }
  } else if (v.kind() == Value::Kind::Map) {
    for (const auto& [k, item] : v.as_map().entries) {
      n += kSlot + k.size() + (item.is_string() ? item.as_string().size() : 0);
    }
  }
  return n;
}

bool grows(const Value& target, std::string_view name) {
  const bool container =
      target.kind() == Value::Kind::List || target.kind() == Value::Kind::Map;
  return container && (name == "add" || name == "addAll" || name == "put" || name == "putAll" ||
                       name == "set");
}

Result<Value> dispatch(Evaluator& ev, const Value& target, std::string_view name, Args& args,
                       uint32_t offset);

}  // namespace

Result<Value> call_method(Evaluator& ev, const Value& target, std::string_view name, Args& args,
                          uint32_t offset) {
  if (grows(target, name)) {
    for (const auto& a : args) {
      GW_TRY(ev.charge(retained_bytes(a), offset));
    }
  }
  auto r = dispatch(ev, target, name, args, offset);
  if (r && r->is_string()) {
    GW_TRY(ev.charge(r->as_string().size(), offset));
  }
  return r;
}

namespace {

Result<Value> dispatch(Evaluator& ev, const Value& target, std::string_view name, Args& args,
                       uint32_t offset) {
  if (name == "toString" && args.empty() && target.kind() != Value::Kind::Builtin) {
    return Value(target.str());
  }
  if (name == "equals" && args.size() == 1 && !target.is_string()) {
    return Value(values_equal(target, args[0]));
  }
  switch (target.kind()) {
    case Value::Kind::String:
      return string_method(ev, target.as_string(), name, args, offset);
    case Value::Kind::List:
      return list_method(ev, target.as_list(), name, args, offset);
    case Value::Kind::Map:
      return map_method(target.as_map(), name, args);
    case Value::Kind::Int:
    case Value::Kind::Double:
      if (name == "intValue" || name == "longValue") {
        return Value(target.kind() == Value::Kind::Int ? target.as_int()
                                                       : static_cast<int64_t>(target.as_double()));
      }
      if (name == "doubleValue" || name == "floatValue") {
        return Value(target.as_double());
      }
      return Value();
    case Value::Kind::Builtin:
      return call_builtin(ev, target.as_builtin(), name, args, offset);
    default:
      return Value();
  }
}

}  // namespace

}  // namespace gw::vtl::detail
