#include "core/websocket/route_selection.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"

namespace gw::websocket {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kBody = "request.body.";

// The scalar at a dotted path under the message, as text.
std::optional<std::string> lookup(const Json& doc, std::string_view path) {
  const Json* at = &doc;
  for (std::string_view part : split(path, '.')) {
    if (!at->is_object()) {
      return std::nullopt;
    }
    auto it = at->find(std::string(part));
    if (it == at->end()) {
      return std::nullopt;
    }
    at = &*it;
  }
  if (at->is_string()) {
    return at->get<std::string>();
  }
  if (at->is_number() || at->is_boolean()) {
    return at->dump();
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> select_route_key(std::string_view expression, std::string_view message,
                                            bool binary) {
  if (binary) {
    return std::nullopt;
  }
  Json doc = Json::parse(message, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::nullopt;
  }
  if (expression.starts_with("$request.body.")) {
    return lookup(doc, expression.substr(1 + kBody.size()));
  }
  std::string out;
  bool found = false;
  while (!expression.empty()) {
    const size_t open = expression.find("${");
    const size_t close = open == std::string_view::npos ? open : expression.find('}', open);
    if (close == std::string_view::npos) {
      out += expression;
      break;
    }
    out += expression.substr(0, open);
    std::string_view var = expression.substr(open + 2, close - open - 2);
    if (!var.starts_with(kBody)) {
      return std::nullopt;
    }
    auto v = lookup(doc, var.substr(kBody.size()));
    if (!v) {
      return std::nullopt;
    }
    out += *v;
    found = true;
    expression.remove_prefix(close + 1);
  }
  if (!found) {
    return std::nullopt;  // a fixed expression selects nothing (AWS refuses one)
  }
  return out;
}

}  // namespace gw::websocket
