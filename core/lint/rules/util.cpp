#include "core/lint/rules/util.h"

#include <set>

#include "core/base/strings.h"

namespace gw::lint::rules {

const openapi::Node* path_node(const Input& in, std::string_view path) {
  if (in.root == nullptr) {
    return nullptr;
  }
  const openapi::Node* paths = in.root->find("paths");
  return paths ? paths->find(path) : nullptr;
}

const openapi::Node* op_node(const Input& in, const model::Operation& op) {
  const openapi::Node* item = path_node(in, op.path);
  if (item == nullptr || !item->is_map()) {
    return nullptr;
  }
  if (op.method == "ANY") {
    if (const openapi::Node* any = item->find("x-amazon-apigateway-any-method")) {
      return any;
    }
  }
  return item->find(to_lower(op.method));
}

const openapi::Node* integration_node(const Input& in, const model::Operation& op) {
  const openapi::Node* n = op_node(in, op);
  return n && n->is_map() ? n->find("x-amazon-apigateway-integration") : nullptr;
}

SourceLoc loc_of(const openapi::Node* map, std::string_view key, SourceLoc fallback) {
  if (map != nullptr && map->is_map()) {
    if (const openapi::Node* v = map->find(key)) {
      return v->loc;
    }
  }
  return fallback;
}

SourceLoc key_loc_of(const openapi::Node* map, std::string_view key, SourceLoc fallback) {
  if (map != nullptr && map->is_map()) {
    for (const auto& e : map->entries) {
      if (e.key == key) {
        return e.key_loc;
      }
    }
  }
  return fallback;
}

std::vector<std::string> path_params(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string_view::npos) {
    size_t end = path.find('}', pos);
    if (end == std::string_view::npos) {
      break;
    }
    std::string name(path.substr(pos + 1, end - pos - 1));
    if (!name.empty() && name.back() == '+') {
      name.pop_back();
    }
    out.push_back(std::move(name));
    pos = end + 1;
  }
  return out;
}

bool is_lambda_uri(std::string_view uri) {
  return uri.find(":lambda:path/") != std::string_view::npos || uri.starts_with("arn:aws:lambda:");
}

bool is_proxy(const model::Integration& i) {
  return i.type == model::IntegrationType::AwsProxy || i.type == model::IntegrationType::HttpProxy;
}

std::vector<const model::Operation*> ops_on(const model::Api& api, std::string_view path) {
  std::vector<const model::Operation*> out;
  for (const auto& op : api.operations) {
    if (op.path == path) {
      out.push_back(&op);
    }
  }
  return out;
}

std::string literal(std::string_view expr) {
  std::string_view t = trim(expr);
  if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
    return std::string(t.substr(1, t.size() - 2));
  }
  return std::string(t);
}

std::string preflight_header(const model::Operation& options, std::string_view name) {
  const std::string key = to_lower("method.response.header." + std::string(name));
  if (options.integration) {
    for (const auto& r : options.integration->responses) {
      for (const auto& [k, v] : r.response_parameters) {
        if (to_lower(k) == key) {
          return literal(v);
        }
      }
    }
  }
  return "";
}

bool rest_cors_in_use(const model::Api& api) {
  if (api.type != model::ApiType::Rest) {
    return false;
  }
  for (const auto& op : api.operations) {
    if (op.method == "OPTIONS") {
      return true;
    }
    if (op.integration) {
      for (const auto& r : op.integration->responses) {
        for (const auto& [k, v] : r.response_parameters) {
          if (to_lower(k) == "method.response.header.access-control-allow-origin") {
            return true;
          }
        }
      }
    }
  }
  return false;
}

bool has_authorization(const model::Api& api, const model::Operation& op) {
  const std::string auth = to_upper(op.auth_type);
  if (auth == "AWS_IAM" || auth == "AWSSIGV4") {
    return true;
  }
  const auto& sec = op.security ? op.security : api.security;
  if (!sec) {
    return false;
  }
  for (const auto& req : *sec) {
    for (const auto& [name, scopes] : req) {
      auto it = api.authorizers.find(name);
      if (it == api.authorizers.end()) {
        continue;
      }
      const model::Authorizer& a = it->second;
      if (!a.type.empty() || to_upper(a.auth_type) == "AWS_IAM" ||
          to_upper(a.auth_type) == "AWSSIGV4" || a.scheme_type == "oauth2" ||
          a.scheme_type == "openIdConnect" || a.scheme_type == "http") {
        return true;
      }
    }
  }
  return false;
}

bool is_local_host(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" ||
         host.ends_with(".localhost") || host == "0.0.0.0" || host.ends_with(".local");
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view part : split(s, ',')) {
    std::string_view t = trim(part);
    if (!t.empty()) {
      out.emplace_back(t);
    }
  }
  return out;
}

void collect_stage_variables(std::string_view text, std::set<std::string>& out) {
  for (std::string_view marker : {"${stageVariables.", "$stageVariables.", "stageVariables."}) {
    size_t pos = 0;
    while ((pos = text.find(marker, pos)) != std::string_view::npos) {
      size_t start = pos + marker.size();
      size_t end = start;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   text[end] == '_' || text[end] == '-' || text[end] == '.')) {
        ++end;
      }
      if (end > start) {
        out.insert(std::string(text.substr(start, end - start)));
      }
      pos = end;
    }
  }
}

std::set<std::string> stage_variables_referenced(const model::Api& api) {
  std::set<std::string> names;
  for (const auto& op : api.operations) {
    if (!op.integration) {
      continue;
    }
    const model::Integration& i = *op.integration;
    for (std::string_view text : {std::string_view(i.uri), std::string_view(i.connection_id),
                                  std::string_view(i.credentials)}) {
      collect_stage_variables(text, names);
    }
    for (const auto& [k, v] : i.request_parameters) {
      collect_stage_variables(v, names);
    }
    for (const auto& [k, v] : i.request_templates) {
      collect_stage_variables(v, names);
    }
    for (const model::IntegrationResponse& r : i.responses) {
      for (const auto& [k, v] : r.response_templates) {
        collect_stage_variables(v, names);
      }
      for (const auto& [k, v] : r.response_parameters) {
        collect_stage_variables(v, names);
      }
    }
  }
  for (const auto& [scheme, a] : api.authorizers) {
    collect_stage_variables(a.authorizer_uri, names);
  }
  return names;
}

}  // namespace gw::lint::rules
