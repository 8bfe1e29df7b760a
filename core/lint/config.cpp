#include "core/lint/config.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/strings.h"
#include "core/lint/registry.h"
#include "openapi/yaml_reader.h"

namespace gw::lint {
namespace {

bool selects(const std::vector<std::string>& list, const RuleInfo& r) {
  for (const auto& s : list) {
    if (s == "all" || s == r.id || s == r.category) {
      return true;
    }
  }
  return false;
}

bool glob_any(const std::vector<std::string>& globs, const std::string& text) {
  for (const auto& g : globs) {
    if (fnmatch(g.c_str(), text.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

Result<std::vector<std::string>> read_ids(const openapi::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (!n.is_seq()) {
    return fail(ErrorKind::BadInput, std::string(what) + ": expected a list of rule ids", n.loc);
  }
  for (const auto& item : n.items) {
    std::string hint;
    if (!known_selector(item.text, hint)) {
      return fail(ErrorKind::BadInput, std::string(what) + ": unknown rule '" + item.text + "'",
                  item.loc, hint.empty() ? "see gw lint --list-rules" : hint);
    }
    out.push_back(item.text);
  }
  return out;
}

Result<std::vector<std::string>> read_globs(const openapi::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (!n.is_seq()) {
    return fail(ErrorKind::BadInput, std::string(what) + ": expected a list of globs", n.loc);
  }
  for (const auto& item : n.items) {
    out.push_back(item.text);
  }
  return out;
}

Result<Override> read_override(const openapi::Node& n) {
  if (!n.is_map()) {
    return fail(ErrorKind::BadInput, "overrides: expected a list of maps", n.loc);
  }
  Override o;
  for (const auto& e : n.entries) {
    if (e.key == "files" || e.key == "paths") {
      auto g = read_globs(e.value, e.key);
      GW_TRY(g);
      (e.key == "files" ? o.files : o.paths) = std::move(*g);
    } else if (e.key == "disable") {
      auto ids = read_ids(e.value, "overrides.disable");
      GW_TRY(ids);
      o.disable = std::move(*ids);
    } else {
      return fail(ErrorKind::BadInput, "overrides: unknown key '" + e.key + "'", e.key_loc,
                  "use files, paths and disable");
    }
  }
  return o;
}

Result<bool> read_severity(const openapi::Node& n, Config& c) {
  if (!n.is_map()) {
    return fail(ErrorKind::BadInput, "severity: expected a map of rule id to level", n.loc);
  }
  for (const auto& e : n.entries) {
    std::string hint;
    if (!known_selector(e.key, hint)) {
      return fail(ErrorKind::BadInput, "severity: unknown rule '" + e.key + "'", e.key_loc, hint);
    }
    Severity s;
    if (e.value.text == "off" || (e.value.kind == openapi::Node::Kind::Bool && !e.value.boolean)) {
      c.severity[e.key] = std::nullopt;
    } else if (parse_severity(e.value.text, s)) {
      c.severity[e.key] = s;
    } else {
      return fail(ErrorKind::BadInput,
                  "severity of " + e.key + ": unknown level '" + e.value.text + "'", e.value.loc,
                  "use error, warning, info or off");
    }
  }
  return true;
}

}  // namespace

void for_each_inline_ignore(const openapi::Node& root,
                            const std::function<void(const InlineIgnore&)>& visit) {
  constexpr std::string_view kIgnoreKey = "x-gw-lint-ignore";
  auto at = [&](const openapi::Node& owner, uint32_t line, std::string path, std::string method) {
    const openapi::Node* ignore = owner.is_map() ? owner.find(kIgnoreKey) : nullptr;
    if (ignore != nullptr) {
      visit(InlineIgnore{owner, *ignore, line, std::move(path), std::move(method)});
    }
  };
  at(root, 1, "", "");
  const openapi::Node* paths = root.is_map() ? root.find("paths") : nullptr;
  if (paths == nullptr || !paths->is_map()) {
    return;
  }
  for (const auto& item : paths->entries) {
    at(item.value, item.key_loc.line, item.key, "");
    for (const auto& op : item.value.entries) {
      at(op.value, op.key_loc.line, item.key,
         op.key == "x-amazon-apigateway-any-method" ? "ANY" : to_upper(op.key));
    }
  }
}

bool known_selector(std::string_view name, std::string& hint) {
  if (name == "all" || find_rule(name) != nullptr) {
    return true;
  }
  std::vector<std::string_view> names = categories();
  if (std::find(names.begin(), names.end(), name) != names.end()) {
    return true;
  }
  for (const auto& r : all_rules()) {
    names.push_back(r->info().id);
  }
  const std::string near = did_you_mean(name, names);
  hint = near.empty() ? "" : "did you mean '" + near + "'?";
  return false;
}

bool Config::enabled(const RuleInfo& r) const {
  if (!enable.empty() && !selects(enable, r)) {
    return false;
  }
  if (selects(disable, r)) {
    return false;
  }
  for (const auto& key : {std::string(r.id), std::string(r.category), std::string("all")}) {
    if (auto it = severity.find(key); it != severity.end()) {
      return it->second.has_value();
    }
  }
  return true;
}

Severity Config::severity_of(const RuleInfo& r) const {
  for (const auto& key : {std::string(r.id), std::string(r.category), std::string("all")}) {
    if (auto it = severity.find(key); it != severity.end() && it->second) {
      return *it->second;
    }
  }
  return r.severity;
}

bool Config::dropped(const Finding& f, std::string_view category) const {
  const std::string file = f.where.file ? *f.where.file : "";
  for (const auto& o : overrides) {
    if (!o.files.empty() && !glob_any(o.files, file)) {
      continue;
    }
    if (!o.paths.empty() && (f.route_path.empty() || !glob_any(o.paths, f.route_path))) {
      continue;
    }
    for (const auto& s : o.disable) {
      if (s == "all" || s == f.rule || s == category) {
        return true;
      }
    }
  }
  return false;
}

Result<Config> parse_config(std::string_view text, const std::string& name) {
  auto root = openapi::parse_yaml(text, std::make_shared<const std::string>(name));
  GW_TRY(root);
  Config c;
  c.source = name;
  if (root->kind == openapi::Node::Kind::Null) {
    return c;
  }
  if (!root->is_map()) {
    return fail(ErrorKind::BadInput, "expected a map (enable, disable, severity, overrides)",
                root->loc);
  }
  for (const auto& e : root->entries) {
    if (e.key == "enable" || e.key == "disable") {
      auto ids = read_ids(e.value, e.key);
      GW_TRY(ids);
      (e.key == "enable" ? c.enable : c.disable) = std::move(*ids);
    } else if (e.key == "severity" || e.key == "rules") {
      GW_TRY(read_severity(e.value, c));
    } else if (e.key == "overrides" && e.value.is_seq()) {
      for (const auto& item : e.value.items) {
        auto o = read_override(item);
        GW_TRY(o);
        c.overrides.push_back(std::move(*o));
      }
    } else {
      static constexpr std::string_view kKeys[] = {"enable", "disable", "severity", "overrides"};
      const std::string near = did_you_mean(e.key, kKeys);
      return fail(ErrorKind::BadInput, "unknown key '" + e.key + "'", e.key_loc,
                  near.empty() ? "use enable, disable, severity and overrides"
                               : "did you mean '" + near + "'?");
    }
  }
  return c;
}

Result<Config> load_config(const std::string& path, const std::string& spec) {
  namespace fs = std::filesystem;
  std::string file = path;
  if (file.empty()) {
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(spec), ec).parent_path();
    while (!dir.empty()) {
      if (fs::exists(dir / ".gwlint.yaml", ec)) {
        file = (dir / ".gwlint.yaml").string();
        break;
      }
      if (dir == dir.parent_path()) {
        break;
      }
      dir = dir.parent_path();
    }
    if (file.empty()) {
      return Config{};
    }
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::BadInput, "cannot read lint configuration " + file);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_config(buf.str(), file);
}

}  // namespace gw::lint
