#include "core/pipeline/value_expr.h"

#include <nlohmann/json.hpp>
#include <span>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

using Source = ValueExpr::Source;

struct Prefix {
  std::string_view text;
  Source source;
};

constexpr Prefix kRest[] = {
    {"method.request.path.", Source::Path},
    {"method.request.querystring.", Source::Query},
    {"method.request.multivaluequerystring.", Source::MultiQuery},
    {"method.request.header.", Source::Header},
    {"method.request.multivalueheader.", Source::MultiHeader},
    {"context.", Source::Context},
    {"stageVariables.", Source::StageVariable},
    {"integration.response.header.", Source::IntegrationHeader},
};

constexpr Prefix kHttp[] = {
    {"$request.path.", Source::Path},
    {"$request.querystring.", Source::Query},
    {"$request.header.", Source::Header},
    {"$request.body.", Source::BodyField},
    {"$context.", Source::Context},
    {"$stageVariables.", Source::StageVariable},
};

std::optional<std::string> query_value(const Request& r, std::string_view name, bool all) {
  std::optional<std::string> out;
  for (auto& [k, v] : parse_query(r.query)) {
    if (k != name) {
      continue;
    }
    if (all && out) {
      *out += "," + v;
    } else {
      out = std::move(v);  // single-value: the last one wins (fact 8)
    }
  }
  return out;
}

std::optional<std::string> joined(const std::vector<std::string_view>& all) {
  if (all.empty()) {
    return std::nullopt;
  }
  std::string out;
  for (std::string_view v : all) {
    out += out.empty() ? "" : ",";
    out += v;
  }
  return out;
}

std::optional<std::string> header(const Headers& h, std::string_view name) {
  auto v = h.get(name);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

// "a.b" in a JSON body -> the value as text (strings unquoted).
std::optional<std::string> body_field(std::string_view body, std::string_view path) {
  using Json = nlohmann::ordered_json;
  Json doc = Json::parse(body, nullptr, false);
  const Json* cur = &doc;
  for (std::string_view key : split(path, '.')) {
    if (!cur->is_object() || !cur->contains(key)) {
      return std::nullopt;
    }
    cur = &(*cur)[std::string(key)];
  }
  return cur->is_string() ? cur->get<std::string>() : cur->dump();
}

std::optional<std::string> copy(const std::string* v) {
  return v != nullptr ? std::optional<std::string>(*v) : std::nullopt;
}

}  // namespace

std::optional<ValueExpr> ValueExpr::parse(std::string_view text, Dialect dialect) {
  const std::string_view t = trim(text);
  const std::string written(t);
  if (dialect == Dialect::Rest) {
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
      return ValueExpr(Source::Literal, std::string(t.substr(1, t.size() - 2)), written);
    }
    if (t == "integration.response.body") {
      return ValueExpr(Source::IntegrationBody, "", written);
    }
  } else if (t == "$request.body") {
    return ValueExpr(Source::Body, "", written);
  }
  for (const Prefix& p : dialect == Dialect::Rest ? std::span<const Prefix>(kRest)
                                                  : std::span<const Prefix>(kHttp)) {
    if (t.starts_with(p.text) && t.size() > p.text.size()) {
      return ValueExpr(p.source, std::string(t.substr(p.text.size())), written);
    }
  }
  if (dialect == Dialect::Http) {
    return ValueExpr(Source::Literal, written, written);  // HTTP APIs: plain text is static
  }
  return std::nullopt;
}

ValueExpr ValueExpr::with_all_header_values() const {
  ValueExpr out = *this;
  if (out.source_ == Source::Header) {
    out.source_ = Source::MultiHeader;
  }
  return out;
}

std::optional<std::string> ValueExpr::eval(const Exchange& ex, const Response* integration) const {
  const Request& r = ex.request;
  switch (source_) {
    case Source::Literal:
      return name_;
    case Source::Path:
      return copy(ex.path_param(name_));
    case Source::Query:
      return query_value(r, name_, false);
    case Source::MultiQuery:
      return query_value(r, name_, true);
    case Source::Header:
      return header(r.headers, name_);
    case Source::MultiHeader:
      return joined(r.headers.get_all(name_));
    case Source::Body:
      return r.body;
    case Source::BodyField:
      return body_field(r.body, name_);
    case Source::Context:
      return ex.context_value(name_);
    case Source::StageVariable:
      return copy(ex.stage_variable(name_));
    case Source::IntegrationHeader:
      return integration != nullptr ? header(integration->headers, name_) : std::nullopt;
    case Source::IntegrationBody:
      return integration != nullptr ? std::optional<std::string>(integration->body) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace gw::pipeline
