// Route-by-route comparison of two resolved API documents (see state.h).

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/deploy/state.h"

namespace gw::deploy {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 9> kMethods = {
    "get",    "put",     "post",
    "delete", "options", "head",
    "patch",  "trace",   "x-amazon-apigateway-any-method"};

/// route key -> canonical JSON of everything that decides it (operation + path-level keys).
std::map<std::string, std::string> routes_of(const Json& doc) {
  std::map<std::string, std::string> out;
  auto paths = doc.find("paths");
  if (paths == doc.end() || !paths->is_object()) {
    return out;
  }
  for (const auto& [path, item] : paths->items()) {
    if (!item.is_object()) {
      continue;
    }
    Json shared = Json::object();
    for (const auto& [key, value] : item.items()) {
      if (std::find(kMethods.begin(), kMethods.end(), key) == kMethods.end()) {
        shared[key] = value;
      }
    }
    for (const auto& [key, value] : item.items()) {
      if (std::find(kMethods.begin(), kMethods.end(), key) == kMethods.end()) {
        continue;
      }
      const std::string method = key == "x-amazon-apigateway-any-method" ? "ANY" : to_upper(key);
      out[method + " " + path] = Json{{"op", value}, {"shared", shared}}.dump();
    }
  }
  return out;
}

/// Top-level keys that change what the API does (info and x-gw do not).
std::map<std::string, std::string> api_keys_of(const Json& doc) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : doc.items()) {
    if (key != "paths" && key != "info" && key != "x-gw") {
      out["(api) " + key] = value.dump();
    }
  }
  return out;
}

void compare(const std::map<std::string, std::string>& before,
             const std::map<std::string, std::string>& after, std::vector<RouteDiff>& out) {
  for (const auto& [key, value] : before) {
    auto it = after.find(key);
    if (it == after.end()) {
      out.push_back(RouteDiff{key, "removed"});
    } else if (it->second != value) {
      out.push_back(RouteDiff{key, "changed"});
    }
  }
  for (const auto& [key, value] : after) {
    if (!before.contains(key)) {
      out.push_back(RouteDiff{key, "added"});
    }
  }
}

}  // namespace

Result<std::vector<RouteDiff>> diff(std::string_view deployed, std::string_view working) {
  Json a;
  Json b;
  try {
    a = Json::parse(deployed);
    b = Json::parse(working);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::BadInput, std::string("a deployment is not valid JSON: ") + e.what());
  }
  std::vector<RouteDiff> out;
  if (!a.is_object() || !b.is_object()) {
    return out;
  }
  compare(api_keys_of(a), api_keys_of(b), out);
  compare(routes_of(a), routes_of(b), out);
  return out;
}

}  // namespace gw::deploy
