#include "openapi/operations.h"

#include <algorithm>
#include <array>

#include "core/base/strings.h"
#include "openapi/extensions.h"

namespace gw::openapi {
namespace {

constexpr std::array<std::string_view, 9> kMethods = {
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
    "x-amazon-apigateway-any-method"};

struct OpScope {
  Ctx& ctx;
  bool swagger2;
  const Node& doc;
  std::string path;
};

Result<model::Parameter> read_parameter(const OpScope& s, const Node& raw,
                                        const std::string& what) {
  auto resolved = s.ctx.refs.deref(raw);
  GW_TRY(resolved);
  const Node& n = **resolved;
  GW_TRY(expect_map(n, what));
  model::Parameter p;
  p.where = n.loc;
  const Node* name = n.find("name");
  const Node* in = n.find("in");
  if (name == nullptr) {
    return fail(ErrorKind::BadInput, what + ": parameter has no 'name'", n.loc);
  }
  if (in == nullptr) {
    return fail(ErrorKind::BadInput, what + ": parameter has no 'in'", n.loc);
  }
  auto nm = read_string(*name, what + ".name");
  GW_TRY(nm);
  auto i = read_string(*in, what + ".in");
  GW_TRY(i);
  p.name = *nm;
  p.in = *i;
  if (const Node* r = n.find("required")) {
    auto b = read_bool(*r, what + ".required");
    GW_TRY(b);
    p.required = *b;
  }
  if (const Node* schema = n.find("schema")) {
    auto j = s.ctx.refs.inline_json(*schema);
    GW_TRY(j);
    p.schema_json = std::move(*j);
  } else if (s.swagger2 && n.find("type") != nullptr) {
    Node copy;
    copy.kind = Node::Kind::Mapping;
    for (const MapEntry& e : n.entries) {
      if (e.key != "name" && e.key != "in" && e.key != "required" && e.key != "description" &&
          !e.key.starts_with("x-")) {
        copy.entries.push_back(e);
      }
    }
    auto j = s.ctx.refs.inline_json(copy);
    GW_TRY(j);
    p.schema_json = std::move(*j);
  }
  return p;
}

/// Parameters of a path item or operation, merged over `base` (by name + in).
Result<bool> merge_parameters(const OpScope& s, const Node* list, const std::string& what,
                              std::vector<model::Parameter>& params) {
  if (list == nullptr) {
    return true;
  }
  if (!list->is_seq()) {
    return type_error(*list, what, "list");
  }
  for (size_t i = 0; i < list->items.size(); ++i) {
    auto p = read_parameter(s, list->items[i], what + "[" + std::to_string(i) + "]");
    GW_TRY(p);
    bool replaced = false;
    for (model::Parameter& old : params) {
      if (old.name == p->name && old.in == p->in) {
        old = *p;
        replaced = true;
      }
    }
    if (!replaced) {
      params.push_back(std::move(*p));
    }
  }
  return true;
}

Result<bool> read_request_body(const OpScope& s, const Node& raw, const std::string& what,
                               model::Operation& op) {
  auto resolved = s.ctx.refs.deref(raw);
  GW_TRY(resolved);
  const Node& n = **resolved;
  GW_TRY(expect_map(n, what));
  if (const Node* r = n.find("required")) {
    auto b = read_bool(*r, what + ".required");
    GW_TRY(b);
    op.request_body_required = *b;
  }
  const Node* content = n.find("content");
  if (content == nullptr) {
    return true;
  }
  GW_TRY(expect_map(*content, what + ".content"));
  for (const MapEntry& e : content->entries) {
    GW_TRY(expect_map(e.value, what + ".content." + e.key));
    const Node* schema = e.value.find("schema");
    std::string json;
    if (schema != nullptr) {
      auto j = s.ctx.refs.inline_json(*schema);
      GW_TRY(j);
      json = std::move(*j);
    }
    op.request_body_schemas[e.key] = std::move(json);
  }
  return true;
}

/// Swagger 2.0: the `in: body` parameter becomes the body schema for each consumed type.
Result<bool> swagger_body(const OpScope& s, const Node& op_node, const Node* path_params,
                          model::Operation& op) {
  std::vector<const Node*> lists = {path_params, op_node.find("parameters")};
  for (const Node* list : lists) {
    if (list == nullptr || !list->is_seq()) {
      continue;
    }
    for (const Node& raw : list->items) {
      auto r = s.ctx.refs.deref(raw);
      GW_TRY(r);
      const Node* in = (*r)->is_map() ? (*r)->find("in") : nullptr;
      if (in == nullptr || in->text != "body") {
        continue;
      }
      std::string json;
      if (const Node* schema = (*r)->find("schema")) {
        auto j = s.ctx.refs.inline_json(*schema);
        GW_TRY(j);
        json = std::move(*j);
      }
      const Node* required = (*r)->find("required");
      op.request_body_required = required != nullptr && required->boolean;
      const Node* consumes = op_node.find("consumes");
      consumes = consumes ? consumes : s.doc.find("consumes");
      std::vector<std::string> types = {"application/json"};
      if (consumes != nullptr) {
        auto l = read_string_list(*consumes, "consumes");
        GW_TRY(l);
        types = l->empty() ? types : std::move(*l);
      }
      for (const std::string& t : types) {
        op.request_body_schemas[t] = json;
      }
    }
  }
  std::erase_if(op.parameters, [](const model::Parameter& p) {
    return p.in == "body" || p.in == "formData";
  });
  return true;
}

Result<bool> read_operation_extensions(Ctx& ctx, const Node& n, const std::string& what,
                                       model::Operation& op) {
  for (const MapEntry& e : n.entries) {
    if (e.key == "x-amazon-apigateway-integration") {
      auto in = read_integration(ctx, e.value);
      GW_TRY(in);
      op.integration = std::move(*in);
    } else if (e.key == "x-amazon-apigateway-auth") {
      GW_TRY(expect_map(e.value, what + "." + e.key));
      if (const Node* t = e.value.find("type")) {
        auto s = read_string(*t, what + "." + e.key + ".type");
        GW_TRY(s);
        op.auth_type = to_upper(*s);
      }
    } else if (e.key == "x-amazon-apigateway-request-validator") {
      auto s = read_string(e.value, what + "." + e.key);
      GW_TRY(s);
      op.request_validator = *s;
    } else if (e.key == "security") {
      auto sec = read_security(e.value);
      GW_TRY(sec);
      op.security = std::move(*sec);
    }
  }
  return true;
}

Result<model::Operation> read_operation(const OpScope& s, const std::string& method,
                                        const Node& n, const Node* path_params) {
  std::string what = "paths." + s.path + "." + method;
  GW_TRY(expect_map(n, what));
  model::Operation op;
  op.where = n.loc;
  op.path = s.path;
  op.method = method == kMethods.back() ? "ANY" : to_upper(method);
  op.route_key = s.path == "/$default" && op.method == "ANY" ? "$default"
                                                             : op.method + " " + s.path;
  if (const Node* id = n.find("operationId")) {
    auto v = read_string(*id, what + ".operationId");
    GW_TRY(v);
    op.operation_id = *v;
  }
  if (const Node* sm = n.find("summary")) {
    auto v = read_string(*sm, what + ".summary");
    GW_TRY(v);
    op.summary = *v;
  }
  GW_TRY(merge_parameters(s, path_params, "paths." + s.path + ".parameters", op.parameters));
  GW_TRY(merge_parameters(s, n.find("parameters"), what + ".parameters", op.parameters));
  if (s.swagger2) {
    GW_TRY(swagger_body(s, n, path_params, op));
  } else if (const Node* body = n.find("requestBody")) {
    GW_TRY(read_request_body(s, *body, what + ".requestBody", op));
  }
  if (const Node* responses = n.find("responses")) {
    GW_TRY(expect_map(*responses, what + ".responses"));
    for (const MapEntry& e : responses->entries) {
      op.response_codes.push_back(e.key);
    }
  }
  GW_TRY(read_operation_extensions(s.ctx, n, what, op));
  return op;
}

}  // namespace

Result<std::vector<model::SecurityRequirement>> read_security(const Node& n) {
  if (!n.is_seq()) {
    return type_error(n, "security", "list");
  }
  std::vector<model::SecurityRequirement> out;
  for (const Node& req : n.items) {
    GW_TRY(expect_map(req, "security[]"));
    model::SecurityRequirement r;
    for (const MapEntry& e : req.entries) {
      std::vector<std::string> scopes;
      if (e.value.kind != Node::Kind::Null) {
        auto l = read_string_list(e.value, "security." + e.key);
        GW_TRY(l);
        scopes = std::move(*l);
      }
      r[e.key] = std::move(scopes);
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<bool> read_paths(Ctx& ctx, const Node& doc, bool swagger2, model::Api& api) {
  const Node* paths = doc.find("paths");
  if (paths == nullptr || paths->kind == Node::Kind::Null) {
    return true;
  }
  GW_TRY(expect_map(*paths, "paths"));
  for (const MapEntry& pe : paths->entries) {
    auto item = ctx.refs.deref(pe.value);
    GW_TRY(item);
    if ((*item)->kind == Node::Kind::Null) {
      continue;
    }
    GW_TRY(expect_map(**item, "paths." + pe.key));
    if (!pe.key.starts_with("/")) {
      return fail(ErrorKind::BadInput, "path '" + pe.key + "' must start with '/'", pe.key_loc);
    }
    OpScope scope{ctx, swagger2, doc, pe.key};
    const Node* path_params = (*item)->find("parameters");
    for (const MapEntry& e : (*item)->entries) {
      std::string lower = to_lower(e.key);
      if (std::find(kMethods.begin(), kMethods.end(), lower) == kMethods.end()) {
        continue;
      }
      auto op_node = ctx.refs.deref(e.value);
      GW_TRY(op_node);
      auto op = read_operation(scope, lower, **op_node, path_params);
      GW_TRY(op);
      api.operations.push_back(std::move(*op));
    }
  }
  return true;
}

}  // namespace gw::openapi
