#include "openapi/to_model.h"

#include <algorithm>

#include "core/base/strings.h"
#include "openapi/extensions.h"
#include "openapi/operations.h"
#include "openapi/xgw.h"

namespace gw::openapi {
namespace {

Result<bool> read_version(const Node& doc, model::Api& api) {
  if (const Node* v = doc.find("openapi")) {
    auto s = v->kind == Node::Kind::Number ? Result<std::string>(v->text)
                                           : read_string(*v, "openapi");
    GW_TRY(s);
    if (!s->starts_with("3.0") && !s->starts_with("3.1")) {
      return fail(ErrorKind::BadInput, "unsupported OpenAPI version '" + *s + "'", v->loc,
                  "gw reads OpenAPI 3.0, 3.1 and Swagger 2.0");
    }
    api.openapi_version = *s;
    return true;
  }
  if (const Node* v = doc.find("swagger")) {
    std::string s = v->text;
    if (s != "2.0" && s != "2") {
      return fail(ErrorKind::BadInput, "unsupported Swagger version '" + s + "'", v->loc,
                  "gw reads OpenAPI 3.0, 3.1 and Swagger 2.0");
    }
    api.openapi_version = "2.0";
    return true;
  }
  return fail(ErrorKind::BadInput, "not an OpenAPI document: no 'openapi' or 'swagger' key",
              doc.loc, "start the document with openapi: 3.0.1 (or swagger: \"2.0\")");
}

/// The path part of servers[0].url, with server variables at their defaults.
std::string server_base_path(const Node& server) {
  const Node* url = server.find("url");
  if (url == nullptr || !url->is_string()) {
    return {};
  }
  std::string u = url->text;
  if (const Node* vars = server.find("variables"); vars != nullptr && vars->is_map()) {
    for (const MapEntry& e : vars->entries) {
      const Node* def = e.value.find("default");
      std::string name = "{" + e.key + "}";
      for (size_t at; def != nullptr && (at = u.find(name)) != std::string::npos;) {
        u.replace(at, name.size(), def->text);
      }
    }
  }
  if (size_t scheme = u.find("://"); scheme != std::string::npos) {
    size_t slash = u.find('/', scheme + 3);
    u = slash == std::string::npos ? "" : u.substr(slash);
  }
  while (!u.empty() && u.back() == '/') {
    u.pop_back();
  }
  return u.starts_with("/") ? u : "";
}

Result<bool> read_info(Ctx& ctx, const Node& doc, model::Api& api) {
  if (const Node* info = doc.find("info")) {
    GW_TRY(expect_map(*info, "info"));
    if (const Node* t = info->find("title")) {
      api.title = t->text;
    }
    if (const Node* v = info->find("version")) {
      api.version = v->text;
    }
  }
  if (const Node* bp = doc.find("basePath")) {
    auto s = read_string(*bp, "basePath");
    GW_TRY(s);
    api.base_path = *s == "/" ? "" : *s;
  } else if (const Node* servers = doc.find("servers")) {
    if (!servers->is_seq()) {  // API Gateway's import ignores it; so does gw, with a warning
      ctx.warnings.push_back(Warning{"servers: expected a list, got " +
                                         std::string(servers->type_name()) + "; ignored",
                                     servers->loc, "write servers: [{url: ...}]"});
    } else if (!servers->items.empty() && servers->items[0].is_map()) {
      api.base_path = server_base_path(servers->items[0]);
    }
  }
  return true;
}

Result<bool> read_schemes_and_models(Ctx& ctx, const Node& doc, model::Api& api) {
  const Node* components = doc.find("components");
  if (components != nullptr) {
    GW_TRY(expect_map(*components, "components"));
  }
  const Node* schemes = components ? components->find("securitySchemes")
                                   : doc.find("securityDefinitions");
  if (schemes != nullptr) {
    GW_TRY(expect_map(*schemes, "securitySchemes"));
    for (const MapEntry& e : schemes->entries) {
      auto a = read_authorizer(ctx, e.key, e.value);
      GW_TRY(a);
      api.authorizers[e.key] = std::move(*a);
    }
  }
  const Node* models = components ? components->find("schemas") : doc.find("definitions");
  if (models != nullptr) {
    GW_TRY(expect_map(*models, components ? "components.schemas" : "definitions"));
    for (const MapEntry& e : models->entries) {
      auto j = ctx.refs.inline_json(e.value);
      GW_TRY(j);
      api.models[e.key] = std::move(*j);
    }
  }
  if (const Node* sec = doc.find("security")) {
    auto s = read_security(*sec);
    GW_TRY(s);
    for (const model::SecurityRequirement& r : *s) {
      for (const auto& [name, scopes] : r) {
        api.default_security_names.push_back(name);
      }
    }
    api.security = std::move(*s);
  }
  return true;
}

Result<bool> decide_type(const Node& doc, model::Api& api) {
  if (!api.gw.api_type.empty()) {
    api.type = api.gw.api_type == "HTTP"        ? model::ApiType::Http
               : api.gw.api_type == "WEBSOCKET" ? model::ApiType::WebSocket
                                                : model::ApiType::Rest;
    api.type_reason = "x-gw.apiType";
    return true;
  }
  bool payload = false;
  for (const model::Operation& op : api.operations) {
    payload = payload || (op.integration && !op.integration->payload_format_version.empty());
  }
  if (!api.route_selection_expression.empty()) {
    api.type = model::ApiType::WebSocket;
    api.type_reason = "inferred: x-amazon-apigateway-route-selection-expression";
  } else if (!api.gw.routes.empty()) {
    api.type = model::ApiType::WebSocket;
    api.type_reason = "inferred: x-gw.routes";
  } else if (doc.find("x-amazon-apigateway-importexport-version") != nullptr) {
    api.type = model::ApiType::Http;
    api.type_reason = "inferred: x-amazon-apigateway-importexport-version";
  } else if (payload) {
    api.type = model::ApiType::Http;
    api.type_reason = "inferred: an integration sets payloadFormatVersion";
  } else if (api.cors) {
    api.type = model::ApiType::Http;
    api.type_reason = "inferred: x-amazon-apigateway-cors";
  } else {
    api.type = model::ApiType::Rest;
    api.type_reason = "inferred: no HTTP or WebSocket API extension";
  }
  return true;
}

/// AWS_BEHAVIOUR fact 34: 50 ms–29 s for REST integrations, up to 30 s for HTTP APIs
/// (WebSocket APIs keep 29 s).
Result<bool> check_timeouts(const Ctx& ctx, const model::Api& api) {
  int max = api.type == model::ApiType::Http ? 30000 : 29000;
  for (const auto& [ms, where] : ctx.timeouts) {
    if (ms < 50 || ms > max) {
      return fail(ErrorKind::BadInput,
                  "timeoutInMillis " + std::to_string(ms) + " is out of range (50-" +
                      std::to_string(max) + " for " + std::string(model::to_string(api.type)) +
                      " APIs)",
                  where);
    }
  }
  return true;
}

bool is_api_key_scheme(const model::Api& api, const std::string& name) {
  auto it = api.authorizers.find(name);
  return it != api.authorizers.end() && it->second.scheme_type == "apiKey" &&
         to_lower(it->second.scheme_header_name) == "x-api-key" && it->second.auth_type.empty() &&
         it->second.type.empty();
}

void finish_operations(model::Api& api) {
  for (model::Operation& op : api.operations) {
    const auto& sec = op.security ? op.security : api.security;
    if (sec) {
      for (const model::SecurityRequirement& r : *sec) {
        for (const auto& [name, scopes] : r) {
          op.api_key_required = op.api_key_required || is_api_key_scheme(api, name);
        }
      }
    }
    if (api.type == model::ApiType::WebSocket) {
      op.route_key = op.path.starts_with("/") ? op.path.substr(1) : op.path;
    }
  }
}

/// A WebSocket API's routes: x-gw.routes, else its operations (paths named by route key, as
/// x-amazon-apigateway-route-selection-expression specs write them).
void collect_websocket_routes(model::Api& api) {
  if (!api.gw.route_selection_expression.empty()) {
    api.route_selection_expression = api.gw.route_selection_expression;
  }
  if (api.type != model::ApiType::WebSocket) {
    return;
  }
  if (api.route_selection_expression.empty()) {
    api.route_selection_expression = "$request.body.action";  // the console's default
  }
  if (!api.gw.routes.empty()) {
    api.websocket_routes = api.gw.routes;
    return;
  }
  for (const model::Operation& op : api.operations) {
    model::WebSocketRoute r;
    r.route_key = op.route_key;
    r.where = op.where;
    if (op.integration && op.integration->type == model::IntegrationType::AwsProxy) {
      r.integration_type = "AWS_PROXY";
      r.integration_uri = op.integration->uri;
      r.timeout_ms = op.integration->timeout_ms;
    }
    api.websocket_routes.push_back(std::move(r));
  }
}

}  // namespace

void warn_unknown_extensions(const Node& n, std::vector<Warning>& warnings) {
  for (const Node& item : n.items) {
    warn_unknown_extensions(item, warnings);
  }
  auto known = known_extensions();
  for (const MapEntry& e : n.entries) {
    if (e.key.starts_with("x-amazon-apigateway-") &&
        std::find(known.begin(), known.end(), e.key) == known.end()) {
      std::string near = did_you_mean(e.key, known);
      warnings.push_back(Warning{"unknown extension '" + e.key + "'", e.key_loc,
                                 near.empty() ? "" : "did you mean '" + near + "'?"});
    }
    if (!e.value.is_scalar()) {
      warn_unknown_extensions(e.value, warnings);
    }
  }
}

// A WebSocket API's stages take accessLogSettings on AWS too, but gw's WebSocket pipeline
// writes no access log yet: say so rather than ignore it.
void warn_websocket_access_logs(Ctx& ctx, const model::Api& api) {
  if (api.type != model::ApiType::WebSocket) {
    return;
  }
  for (const model::StageConfig& s : api.gw.stages) {
    if (!s.access_log_format.empty()) {
      ctx.warnings.push_back(Warning{"x-gw.stages." + s.name +
                                         ".accessLogSettings: gw writes no WebSocket API access "
                                         "logs yet: ignored",
                                     s.access_log_format_where,
                                     "gw serve prints a line per connection and message instead"});
    }
  }
}

// X-Ray active tracing is a REST API feature (HTTP and WebSocket APIs have none on AWS).
void warn_untraceable_stages(Ctx& ctx, const model::Api& api) {
  if (api.type == model::ApiType::Rest) {
    return;
  }
  for (const model::StageConfig& s : api.gw.stages) {
    if (s.tracing_enabled) {
      ctx.warnings.push_back(Warning{"x-gw.stages." + s.name +
                                         ".tracingEnabled: X-Ray active tracing is for REST APIs "
                                         "only: ignored",
                                     s.where, "requests still carry X-Amzn-Trace-Id (Sampled=0)"});
    }
  }
}

Result<model::Api> to_model(Ctx& ctx, const Node& doc, const Node* gw_block) {
  if (doc.kind == Node::Kind::Null) {
    return fail(ErrorKind::BadInput, "empty document: expected an OpenAPI or Swagger document",
                doc.loc);
  }
  GW_TRY(expect_map(doc, "the document"));
  model::Api api;
  api.where = doc.loc;
  GW_TRY(read_version(doc, api));
  GW_TRY(read_info(ctx, doc, api));
  GW_TRY(read_api_extensions(ctx, doc, api));
  GW_TRY(read_schemes_and_models(ctx, doc, api));
  GW_TRY(read_paths(ctx, doc, api.openapi_version == "2.0", api));
  if (gw_block != nullptr) {
    auto g = read_gw_config(ctx, *gw_block);
    GW_TRY(g);
    api.gw = std::move(*g);
  }
  GW_TRY(decide_type(doc, api));
  GW_TRY(check_timeouts(ctx, api));
  warn_websocket_access_logs(ctx, api);
  warn_untraceable_stages(ctx, api);
  finish_operations(api);
  collect_websocket_routes(api);
  return api;
}

}  // namespace gw::openapi
