#include "core/pipeline/validation_step.h"

#include <algorithm>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

ValidationStep::ValidationStep(const model::Api& api) : first_op_(api.operations.data()) {
  by_op_.resize(api.operations.size());
  if (api.type != model::ApiType::Rest) {
    return;  // HTTP and WebSocket APIs have no request validation
  }
  for (size_t i = 0; i < api.operations.size(); ++i) {
    const model::Operation& op = api.operations[i];
    const std::string& name =
        op.request_validator.empty() ? api.default_request_validator : op.request_validator;
    auto v = api.request_validators.find(name);
    if (name.empty() || v == api.request_validators.end()) {
      continue;
    }
    if (!v->second.validate_body && !v->second.validate_parameters) {
      continue;
    }
    by_op_[i] = compile(api, op, v->second, name);
    for (const std::string& e : by_op_[i]->compile_errors) {
      Error w;
      w.message = "validation: " + op.route_key + ": body model not checked: " + e;
      w.where = op.where;
      warnings_.push_back(std::move(w));
    }
  }
}

ValidationStep::Compiled ValidationStep::compile(const model::Api& api, const model::Operation& op,
                                                 const model::RequestValidator& v,
                                                 std::string name) {
  Compiled c;
  c.body = v.validate_body;
  c.params = v.validate_parameters;
  c.validator = std::move(name);
  for (const model::Parameter& p : op.parameters) {
    if (!p.required && p.in != "path") {
      continue;
    }
    std::string in = p.in == "query" ? "querystring" : p.in;
    if (in != "header" && in != "path" && in != "querystring") {
      continue;
    }
    c.required.push_back({"method.request." + in + "." + p.name, in, p.name});
  }
  std::sort(c.required.begin(), c.required.end(),
            [](const Required& a, const Required& b) { return a.key < b.key; });
  for (const auto& [type, schema] : op.request_body_schemas) {
    if (schema.empty()) {
      continue;
    }
    Result<openapi::SchemaValidator> sv = openapi::SchemaValidator::compile(schema, api.models);
    if (!sv) {
      c.compile_errors.push_back(type + ": " + sv.error().message);
      continue;
    }
    c.models.emplace_back(to_lower(type), std::move(*sv));
  }
  return c;
}

std::vector<std::string> ValidationStep::missing(const Exchange& ex, const Compiled& c) const {
  std::vector<std::string> out;
  std::vector<std::pair<std::string, std::string>> query;
  bool query_parsed = false;
  for (const Required& r : c.required) {
    bool present = false;
    if (r.in == "header") {
      present = ex.request.headers.has(r.name);
    } else if (r.in == "path") {
      const std::string* v = ex.path_param(r.name);
      present = v != nullptr && !v->empty();
    } else {
      if (!query_parsed) {
        query = parse_query(ex.request.query);
        query_parsed = true;
      }
      present = std::any_of(query.begin(), query.end(),
                            [&](const auto& kv) { return kv.first == r.name; });
    }
    if (!present) {
      out.push_back(r.name);
    }
  }
  return out;
}

const openapi::SchemaValidator* ValidationStep::model_for(const Exchange& ex,
                                                          const Compiled& c) const {
  std::string type = "application/json";
  if (auto h = ex.request.headers.get("Content-Type")) {
    type = to_lower(trim(h->substr(0, h->find(';'))));
  }
  for (const std::string& want : {type, std::string("$default")}) {
    for (const auto& [t, sv] : c.models) {
      if (t == want) {
        return &sv;
      }
    }
  }
  return nullptr;
}

Flow ValidationStep::on_request(Exchange& ex) const {
  if (!ex.route) {
    return Flow::Continue;
  }
  size_t index = static_cast<size_t>(ex.route->op - first_op_);
  if (index >= by_op_.size() || !by_op_[index]) {
    return Flow::Continue;
  }
  const Compiled& c = *by_op_[index];
  for (const std::string& e : c.compile_errors) {
    ex.trace("validation: model not checked: ", e);
  }
  if (c.params) {
    std::vector<std::string> names = missing(ex, c);
    if (!names.empty()) {
      std::string message = "Missing required request parameters: [";
      for (size_t i = 0; i < names.size(); ++i) {
        message += (i == 0 ? "" : ", ") + names[i];
      }
      message += "]";
      ex.context.error_validation_string = message;
      ex.trace("validation: ", c.validator, ": ", message);
      return ex.respond(GatewayResponseType::BadRequestParameters, message);
    }
  }
  if (c.body) {
    if (const openapi::SchemaValidator* sv = model_for(ex, c)) {
      openapi::BodyCheck checked = sv->check(ex.request.body);
      if (!checked.limit.empty()) {
        ex.warn("validation: ", c.validator, ": body not validated, refused: ", checked.limit);
      }
      if (!checked.errors.empty()) {
        ex.context.error_validation_string = openapi::join_validation_errors(checked.errors);
        ex.trace("validation: ", c.validator,
                 ": invalid body: ", ex.context.error_validation_string);
        return ex.respond(GatewayResponseType::BadRequestBody);
      }
    }
  }
  ex.trace("validation: ", c.validator, ": ok");
  return Flow::Continue;
}

}  // namespace gw::pipeline
