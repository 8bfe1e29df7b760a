// API Gateway's built-in objects: $input, $util and $foreach
// (AWS doc api-gateway-mapping-template-reference.md; AWS_BEHAVIOUR.md facts 35-42).
#include <array>
#include <cstdio>

#include "core/base/base64.h"
#include "core/base/strings.h"
#include "core/jsonpath/jsonpath.h"
#include "core/vtl/eval.h"

namespace gw::vtl::detail {

namespace {

using Args = std::vector<Value>;

std::string str_arg(const Args& a) { return a.empty() || a[0].is_null() ? "" : a[0].str(); }

bool icase_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_icase(a, b);
}

/// Java URLEncoder.encode(s, "UTF-8") (fact 39).
std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '*' || c == '_') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// commons-lang StringEscapeUtils.escapeJavaScript: ' and " and \ and / escaped, controls and
/// non-ASCII as \uXXXX (fact 40).
std::string escape_javascript(std::string_view s) {
  std::string out;
  char buf[16];
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '\'':
        out += "\\'";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '/':
        out += "\\/";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    // Decode one UTF-8 sequence; emit UTF-16 units.
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    uint32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (int k = 1; k < len && i + 1 < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04X", 0xD800 + (cp >> 10));
      out += buf;
      cp = 0xDC00 + (cp & 0x3FF);
    }
    std::snprintf(buf, sizeof buf, "\\u%04X", cp);
    out += buf;
  }
  return out;
}

// Lenient like Java's MIME decoder: the URL-safe alphabet is accepted and '=' ends the input.
std::optional<std::string> lenient_base64_decode(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : s) {
    int v = ch >= 'A' && ch <= 'Z'   ? ch - 'A'
            : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
            : ch >= '0' && ch <= '9' ? ch - '0' + 52
            : ch == '+' || ch == '-' ? 62
            : ch == '/' || ch == '_' ? 63
                                     : -1;
    if (ch == '=') {
      break;
    }
    if (v < 0) {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

/// Compact JSON; never throws (invalid UTF-8 is replaced).
std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<Value> input_path_or_json(Evaluator& ev, bool as_json, const Args& a, uint32_t offset) {
  auto path = jsonpath::compile(a.empty() ? "$" : str_arg(a));
  if (!path) {
    return std::unexpected(ev.error(offset, path.error().message));
  }
  auto body = ev.body_json(offset);
  if (!body) {
    return std::unexpected(std::move(body).error());
  }
  auto found = path->select(**body);
  if (path->definite()) {
    if (found.empty()) {
      return Value("");  // fact 37: no match renders as nothing
    }
    return as_json ? Value(dump(*found[0])) : from_json(*found[0]);
  }
  auto list = nlohmann::ordered_json::array();
  for (const auto* j : found) {
    list.push_back(*j);
  }
  return as_json ? Value(dump(list)) : from_json(list);
}

Result<Value> input(Evaluator& ev, std::string_view name, Args& a, uint32_t offset) {
  const Inputs& in = ev.inputs();
  if (name == "body" || name == "getBody") {
    bool blank = in.body.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return Value(blank ? std::string("{}") : std::string(in.body));  // fact 38
  }
  if (name == "json" || name == "path") {
    return input_path_or_json(ev, name == "json", a, offset);
  }
  if (name == "params") {
    if (a.empty()) {
      return ev.params_map();  // fact 35
    }
    std::string key = str_arg(a);
    for (const Params* p : {&in.path_params, &in.query_params}) {
      for (const auto& [k, v] : *p) {
        if (k == key) {
          return Value(v);
        }
      }
    }
    for (const auto& [k, v] : in.header_params) {
      if (icase_equal(k, key)) {
        return Value(v);
      }
    }
    return Value("");
  }
  return Value();
}

Result<Value> util(Evaluator& ev, std::string_view name, Args& a, uint32_t offset) {
  if (a.size() != 1) {
    return Value();
  }
  std::string s = str_arg(a);
  if (name == "escapeJavaScript") {
    return Value(escape_javascript(s));
  }
  if (name == "urlEncode") {
    return Value(url_encode(s));
  }
  if (name == "urlDecode") {
    return Value(form_decode(s));
  }
  if (name == "base64Encode") {
    return Value(base64_encode(s));
  }
  if (name == "base64Decode") {
    auto d = lenient_base64_decode(s);
    if (!d) {
      return std::unexpected(ev.error(offset, "$util.base64Decode: input is not base64"));
    }
    return Value(std::move(*d));
  }
  if (name == "parseJson") {  // fact 41
    auto j = parse_json(s);
    if (!j) {
      return std::unexpected(ev.error(offset, "$util.parseJson: input is not valid JSON"));
    }
    return from_json(*j);
  }
  return Value();
}

Value foreach_property(Evaluator& ev, std::string_view name) {
  auto loop = ev.loop();
  if (!loop) {
    return Value();
  }
  auto [index, size] = *loop;
  if (name == "index" || name == "getIndex") {
    return Value(static_cast<int64_t>(index));
  }
  if (name == "count" || name == "getCount") {
    return Value(static_cast<int64_t>(index + 1));
  }
  if (name == "hasNext" || name == "getHasNext") {
    return Value(index + 1 < size);
  }
  if (name == "first" || name == "isFirst" || name == "getFirst") {
    return Value(index == 0);
  }
  if (name == "last" || name == "isLast" || name == "getLast") {
    return Value(index + 1 == size);
  }
  return Value();
}

}  // namespace

Result<Value> call_builtin(Evaluator& ev, Builtin b, std::string_view name, Args& args,
                           uint32_t offset) {
  switch (b) {
    case Builtin::Input:
      return input(ev, name, args, offset);
    case Builtin::Util:
      return util(ev, name, args, offset);
    case Builtin::Foreach:
      return foreach_property(ev, name);
  }
  return Value();
}

}  // namespace gw::vtl::detail
