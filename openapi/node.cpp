#include "openapi/node.h"

#include <cmath>
#include <cstdio>

namespace gw::openapi {

const Node* Node::find(std::string_view key) const {
  for (const MapEntry& e : entries) {
    if (e.key == key) {
      return &e.value;
    }
  }
  return nullptr;
}

std::string_view Node::type_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Sequence: return "list";
    case Kind::Mapping: return "map";
  }
  return "null";
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

namespace {

bool is_json_number(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
    }
    return i > start;
  };
  if (i < s.size() && s[i] == '-') {
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) {
      return false;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      ++i;
    }
    if (!digits()) {
      return false;
    }
  }
  return i == s.size();
}

void append_number(std::string& out, const Node& n) {
  if (is_json_number(n.text)) {
    out += n.text;
  } else if (!std::isfinite(n.number)) {
    out += "null";
  } else {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", n.number);
    out += buf;
  }
}

void append_json(std::string& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: out += "null"; return;
    case Node::Kind::Bool: out += n.boolean ? "true" : "false"; return;
    case Node::Kind::Number: append_number(out, n); return;
    case Node::Kind::String: append_json_string(out, n.text); return;
    case Node::Kind::Sequence:
      out.push_back('[');
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i != 0) {
          out.push_back(',');
        }
        append_json(out, n.items[i]);
      }
      out.push_back(']');
      return;
    case Node::Kind::Mapping:
      out.push_back('{');
      for (size_t i = 0; i < n.entries.size(); ++i) {
        if (i != 0) {
          out.push_back(',');
        }
        append_json_string(out, n.entries[i].key);
        out.push_back(':');
        append_json(out, n.entries[i].value);
      }
      out.push_back('}');
      return;
  }
}

}  // namespace

std::string to_json_text(const Node& node) {
  std::string out;
  append_json(out, node);
  return out;
}

}  // namespace gw::openapi
