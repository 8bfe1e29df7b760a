#include "openapi/json_fallback.h"

#include <nlohmann/json.hpp>

namespace gw::openapi {
namespace {

SourceLoc loc_of_byte(std::string_view text, size_t byte,
                      const std::shared_ptr<const std::string>& file) {
  uint32_t line = 1;
  uint32_t col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return SourceLoc{file, line, col};
}

Node to_node(const nlohmann::ordered_json& j, const SourceLoc& loc) {
  Node n;
  n.loc = loc;
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::boolean:
      n.kind = Node::Kind::Bool;
      n.boolean = j.get<bool>();
      n.text = n.boolean ? "true" : "false";
      break;
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned:
    case nlohmann::ordered_json::value_t::number_float:
      n.kind = Node::Kind::Number;
      n.number = j.get<double>();
      n.text = j.dump();
      break;
    case nlohmann::ordered_json::value_t::string:
      n.kind = Node::Kind::String;
      n.text = j.get<std::string>();
      break;
    case nlohmann::ordered_json::value_t::array:
      n.kind = Node::Kind::Sequence;
      for (const auto& item : j) {
        n.items.push_back(to_node(item, loc));
      }
      break;
    case nlohmann::ordered_json::value_t::object:
      n.kind = Node::Kind::Mapping;
      for (auto it = j.begin(); it != j.end(); ++it) {
        n.entries.push_back(MapEntry{it.key(), loc, to_node(it.value(), loc)});
      }
      break;
    default:
      n.kind = Node::Kind::Null;
      break;
  }
  return n;
}

/// A SAX handler that keeps nothing: only the first error's position and text.
struct Checker : nlohmann::json_sax<nlohmann::json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& e) override {
    byte = pos;
    message = e.what();
    return false;
  }
  size_t byte = 0;
  std::string message;
};

std::string short_message(std::string msg) {
  size_t at = msg.find("parse error");
  return at == std::string::npos ? msg : msg.substr(at);
}

/// The offset of the first '[' or '{' nesting deeper than kMaxNestingDepth, or npos.
size_t too_deep_at(std::string_view text) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        i += text[i] == '\\' ? 1 : 0;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) {
        return i;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<bool> validate_json(std::string_view text, const std::shared_ptr<const std::string>& file) {
  Checker checker;
  bool ok = nlohmann::json::sax_parse(text, &checker, nlohmann::json::input_format_t::json, false);
  if (ok) {
    return true;
  }
  return fail(ErrorKind::BadInput, "invalid JSON: " + short_message(checker.message),
              loc_of_byte(text, checker.byte == 0 ? 0 : checker.byte - 1, file));
}

Result<Node> parse_json_fallback(std::string_view text,
                                 const std::shared_ptr<const std::string>& file) {
  // to_node recurses once per level: refuse absurd nesting before parsing.
  if (size_t at = too_deep_at(text); at != std::string_view::npos) {
    return fail(ErrorKind::BadInput,
                "the document nests deeper than " + std::to_string(kMaxNestingDepth) + " levels",
                loc_of_byte(text, at, file));
  }
  try {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
    return to_node(j, SourceLoc{file, 1, 1});
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorKind::BadInput, "invalid JSON: " + short_message(e.what()),
                loc_of_byte(text, e.byte == 0 ? 0 : e.byte - 1, file));
  } catch (const std::exception& e) {
    return fail(ErrorKind::BadInput, std::string("invalid JSON: ") + e.what(), {file, 1, 1});
  }
}

}  // namespace gw::openapi
