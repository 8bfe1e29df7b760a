#include "core/pipeline/param_mapping.h"

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

std::optional<std::string> query_value(const Exchange& ex, std::string_view name, bool multi) {
  std::optional<std::string> out;
  for (auto& [k, v] : parse_query(ex.request.query)) {
    if (k != name) {
      continue;
    }
    if (multi && out) {
      *out += "," + v;
    } else {
      out = std::move(v);  // single-value: the last one wins (fact 8)
    }
  }
  return out;
}

std::optional<std::string> method_request_value(const Exchange& ex, std::string_view what) {
  if (what.starts_with("path.")) {
    const std::string* v = ex.path_param(what.substr(5));
    return v != nullptr ? std::optional<std::string>(*v) : std::nullopt;
  }
  if (what.starts_with("querystring.")) {
    return query_value(ex, what.substr(12), false);
  }
  if (what.starts_with("multivaluequerystring.")) {
    return query_value(ex, what.substr(22), true);
  }
  if (what.starts_with("header.")) {
    auto v = ex.request.headers.get(what.substr(7));
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  }
  if (what.starts_with("multivalueheader.")) {
    auto all = ex.request.headers.get_all(what.substr(17));
    if (all.empty()) {
      return std::nullopt;
    }
    std::string joined;
    for (std::string_view v : all) {
      joined += joined.empty() ? "" : ",";
      joined += v;
    }
    return joined;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> eval_mapping(const Exchange& ex, std::string_view expr,
                                        const Response* integration_response) {
  expr = trim(expr);
  if (expr.size() >= 2 && expr.front() == '\'' && expr.back() == '\'') {
    return std::string(expr.substr(1, expr.size() - 2));
  }
  if (expr.starts_with("method.request.")) {
    return method_request_value(ex, expr.substr(15));
  }
  if (expr.starts_with("context.")) {
    return ex.context_value(expr.substr(8));
  }
  if (expr.starts_with("stageVariables.")) {
    const std::string* v = ex.stage_variable(expr.substr(15));
    return v != nullptr ? std::optional<std::string>(*v) : std::nullopt;
  }
  if (integration_response != nullptr) {
    if (expr == "integration.response.body") {
      return integration_response->body;
    }
    if (expr.starts_with("integration.response.header.")) {
      auto v = integration_response->headers.get(expr.substr(28));
      return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace gw::pipeline
