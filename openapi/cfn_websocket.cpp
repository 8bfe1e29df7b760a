#include "openapi/cfn_websocket.h"

#include <cstdlib>
#include <string>
#include <string_view>

#include "core/base/strings.h"
#include "openapi/xgw.h"

namespace gw::openapi {
namespace {

const Node* props_of(const Node& resource) {
  const Node* p = resource.is_map() ? resource.find("Properties") : nullptr;
  return p != nullptr && p->is_map() ? p : nullptr;
}

std::string type_of(const Node& resource) {
  const Node* t = resource.is_map() ? resource.find("Type") : nullptr;
  return t != nullptr && t->is_scalar() ? t->text : std::string();
}

std::string text(const Node* props, std::string_view key) {
  const Node* n = props != nullptr ? props->find(key) : nullptr;
  return n != nullptr && n->is_scalar() ? n->text : std::string();
}

// The resources of `type` whose ApiId names `api`.
std::vector<const MapEntry*> of_api(const Node& resources, std::string_view type,
                                    const std::string& api) {
  std::vector<const MapEntry*> out;
  for (const MapEntry& e : resources.entries) {
    if (type_of(e.value) == type && text(props_of(e.value), "ApiId") == api) {
      out.push_back(&e);
    }
  }
  return out;
}

Result<model::WebSocketRoute> read_route(const Node& resources, const MapEntry& route,
                                         const std::string& api) {
  const Node* p = props_of(route.value);
  model::WebSocketRoute r;
  r.route_key = text(p, "RouteKey");
  r.where = route.value.loc;
  if (r.route_key.empty()) {
    return fail(ErrorKind::BadInput, "Resources." + route.key + ": a Route without RouteKey",
                route.value.loc);
  }
  std::string target = text(p, "Target");
  if (target.starts_with("integrations/")) {
    target = target.substr(13);
    const Node* integ = resources.find(target);
    const Node* ip = integ != nullptr ? props_of(*integ) : nullptr;
    if (ip == nullptr || type_of(*integ) != "AWS::ApiGatewayV2::Integration") {
      return fail(ErrorKind::BadInput,
                  "Resources." + route.key + ".Properties.Target: no Integration '" + target + "'",
                  p->find("Target")->loc);
    }
    r.integration_type = to_upper(text(ip, "IntegrationType"));
    r.integration_uri = text(ip, "IntegrationUri");
    if (const std::string t = text(ip, "TimeoutInMillis"); !t.empty()) {
      r.timeout_ms = std::atoi(t.c_str());
    }
  }
  for (const MapEntry* rr : of_api(resources, "AWS::ApiGatewayV2::RouteResponse", api)) {
    const Node* rp = props_of(rr->value);
    r.route_response = r.route_response || (text(rp, "RouteId") == route.key &&
                                            text(rp, "RouteResponseKey") == "$default");
  }
  return r;
}

// AWS::Serverless::Function resources (with Globals.Function) as local functions.
void read_functions(const Node& root, const Node& resources, model::GwConfig& g) {
  const Node* globals = root.find("Globals");
  const Node* gf = globals != nullptr && globals->is_map() ? globals->find("Function") : nullptr;
  auto get = [gf](const Node* p, std::string_view key) {
    std::string v = text(p, key);
    return v.empty() && gf != nullptr && gf->is_map() ? text(gf, key) : v;
  };
  for (const MapEntry& e : resources.entries) {
    if (type_of(e.value) != "AWS::Serverless::Function" || g.functions.contains(e.key)) {
      continue;
    }
    const Node* p = props_of(e.value);
    model::FunctionConfig f;
    f.name = e.key;
    f.where = e.value.loc;
    f.runtime = get(p, "Runtime");
    f.handler = get(p, "Handler");
    f.code_uri = get(p, "CodeUri");
    if (const std::string t = get(p, "Timeout"); !t.empty()) {
      f.timeout_seconds = std::atoi(t.c_str());
    }
    if (const std::string m = get(p, "MemorySize"); !m.empty()) {
      f.memory_mb = std::atoi(m.c_str());
    }
    if (const std::string r = text(p, "ReservedConcurrentExecutions"); !r.empty()) {
      f.reserved_concurrency = std::atoi(r.c_str());
    }
    const Node* env = p != nullptr ? p->find("Environment") : nullptr;
    const Node* vars = env != nullptr && env->is_map() ? env->find("Variables") : nullptr;
    for (const MapEntry& v : vars != nullptr && vars->is_map() ? vars->entries
                                                              : std::vector<MapEntry>{}) {
      if (v.value.is_scalar()) {
        f.environment[v.key] = v.value.text;
      }
    }
    g.functions[e.key] = std::move(f);
  }
}

}  // namespace

const MapEntry* find_websocket_api(const Node& resources) {
  for (const MapEntry& e : resources.entries) {
    const Node* p = props_of(e.value);
    if (type_of(e.value) == "AWS::ApiGatewayV2::Api" && to_upper(text(p, "ProtocolType")) ==
                                                            "WEBSOCKET" &&
        p->find("Body") == nullptr && p->find("BodyS3Location") == nullptr) {
      return &e;
    }
  }
  return nullptr;
}

Result<model::Api> websocket_from_template(Ctx& ctx, const Node& root, const MapEntry& entry,
                                           const Node* gw_block) {
  const Node& resources = *root.find("Resources");
  const Node* p = props_of(entry.value);
  model::Api api;
  api.where = root.loc;
  api.title = text(p, "Name").empty() ? entry.key : text(p, "Name");
  api.type = model::ApiType::WebSocket;
  api.type_reason = "AWS::ApiGatewayV2::Api " + entry.key + " (ProtocolType WEBSOCKET)";
  api.route_selection_expression = text(p, "RouteSelectionExpression");
  if (gw_block != nullptr) {
    auto g = read_gw_config(ctx, *gw_block);
    GW_TRY(g);
    api.gw = std::move(*g);
  }
  read_functions(root, resources, api.gw);
  for (const MapEntry* route : of_api(resources, "AWS::ApiGatewayV2::Route", entry.key)) {
    auto r = read_route(resources, *route, entry.key);
    GW_TRY(r);
    if (r->integration_type != "AWS_PROXY" && r->integration_type != "MOCK") {
      ctx.warnings.push_back(Warning{"route " + r->route_key + ": integration type '" +
                                         r->integration_type + "' is not served yet: MOCK",
                                     r->where, "gw serves AWS_PROXY and MOCK WebSocket routes"});
      r->integration_type = "MOCK";
    }
    api.websocket_routes.push_back(std::move(*r));
  }
  if (api.gw.stages.empty()) {
    for (const MapEntry* s : of_api(resources, "AWS::ApiGatewayV2::Stage", entry.key)) {
      model::StageConfig stage;
      stage.name = text(props_of(s->value), "StageName");
      stage.where = s->value.loc;
      const Node* sp = props_of(s->value);
      if (const Node* v = sp != nullptr ? sp->find("StageVariables") : nullptr; v && v->is_map()) {
        for (const MapEntry& kv : v->entries) {
          stage.variables[kv.key] = kv.value.text;
        }
      }
      if (!stage.name.empty()) {
        api.gw.stages.push_back(std::move(stage));
      }
    }
  }
  if (!api.gw.routes.empty()) {
    api.websocket_routes = api.gw.routes;  // x-gw.routes override the template's
  }
  if (!api.gw.route_selection_expression.empty()) {
    api.route_selection_expression = api.gw.route_selection_expression;
  }
  if (api.route_selection_expression.empty()) {
    api.route_selection_expression = "$request.body.action";
  }
  return api;
}

}  // namespace gw::openapi
