#include "core/pipeline/integration_response.h"

#include <array>
#include <charconv>

#include "core/base/strings.h"
#include "core/pipeline/content_handling.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/mapping_templates.h"

namespace gw::pipeline {

namespace {

// Fact 25: these names set by response mapping reach the client as x-amzn-Remapped-<Name>.
constexpr std::array<std::string_view, 14> kReserved = {
    "Authorization", "Connection", "Content-Length", "Content-MD5",        "Date",
    "Expect",        "Host",       "Max-Forwards",   "Proxy-Authenticate", "Server",
    "Trailer",       "Upgrade",    "User-Agent",     "WWW-Authenticate"};

bool is_reserved(std::string_view name) {
  for (std::string_view r : kReserved) {
    if (iequals(r, name)) {
      return true;
    }
  }
  return false;
}

const std::pair<const std::string, std::string>* pick_template(
    const std::map<std::string, std::string>& templates, const Headers& request_headers) {
  if (templates.empty()) {
    return nullptr;
  }
  if (auto accept = request_headers.get("Accept")) {
    for (std::string_view part : split(*accept, ',')) {
      std::string type = to_lower(trim(part.substr(0, part.find(';'))));
      auto it = templates.find(type);
      if (it != templates.end()) {
        return &*it;
      }
    }
  }
  auto json = templates.find("application/json");
  return json != templates.end() ? &*json : nullptr;
}

}  // namespace

IntegrationResponseStep::IntegrationResponseStep(const model::Api& api)
    : first_op_(api.operations.data()) {
  for (const model::Operation& op : api.operations) {
    if (op.integration) {
      Compiled c{integrations::ResponseSelector(op.integration->responses), {}};
      for (const model::IntegrationResponse& response : op.integration->responses) {
        HeaderMappings& m = c.mappings.emplace_back(HeaderMappings{&response, {}});
        for (const auto& [key, text] : response.response_parameters) {
          constexpr std::string_view kPrefix = "method.response.header.";
          auto source = ValueExpr::parse(text, ValueExpr::Dialect::Rest);
          if (key.starts_with(kPrefix) && source) {
            m.headers.emplace_back(key.substr(kPrefix.size()), std::move(*source));
          }
        }
      }
      by_op_.push_back(std::move(c));
    } else {
      by_op_.emplace_back();
    }
  }
}

Flow IntegrationResponseStep::on_request(Exchange& ex) const {
  if (ex.proxy_response) {
    return ex.respond_with(std::move(*ex.integration_response));
  }
  const Compiled& c = *by_op_[static_cast<size_t>(ex.route->op - first_op_)];
  char buf[8];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, ex.integration_response->status);
  std::string_view key(buf, static_cast<size_t>(end - buf));
  if (ex.selection_key) {
    key = *ex.selection_key;  // a Lambda errorMessage (fact 29)
  }
  const model::IntegrationResponse* chosen =
      ex.selection_key && key.empty() ? c.selector.default_response() : c.selector.select(key);
  if (chosen == nullptr) {
    ex.trace("integration-response: no response matches '", key, "' and none is default");
    return ex.respond(GatewayResponseType::ApiConfigurationError);  // fact 30
  }
  return map_response(ex, c, *chosen);
}

Flow IntegrationResponseStep::map_response(Exchange& ex, const Compiled& c,
                                           const model::IntegrationResponse& chosen) const {
  Response r;
  const std::string& code = chosen.status_code;
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), r.status);
  if (ec != std::errc() || ptr != code.data() + code.size() || r.status < 100 || r.status > 599) {
    ex.trace("integration-response: invalid statusCode '", code, "'");
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  const Response& integ = *ex.integration_response;
  for (const HeaderMappings& m : c.mappings) {
    if (m.response != &chosen) {
      continue;
    }
    for (const auto& [name, source] : m.headers) {
      if (std::optional<std::string> v = source.eval(ex, &integ)) {
        r.headers.set(is_reserved(name) ? "x-amzn-Remapped-" + name : name, std::move(*v));
      }
    }
  }
  ex.trace("integration-response: ",
           chosen.selection_pattern.empty() ? "default" : chosen.selection_pattern, " -> ", code);
  if (!map_body(ex, chosen, r)) {
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  apply_overrides(ex.overrides, r);
  return ex.respond_with(std::move(r));
}

// contentHandling, then the response template chosen by Accept (or the body as it came).
bool IntegrationResponseStep::map_body(Exchange& ex, const model::IntegrationResponse& chosen,
                                       Response& r) const {
  Response& integ = *ex.integration_response;
  auto integ_type = integ.headers.get("Content-Type");
  bool binary = integ_type && is_binary_media_type(*integ_type, ex.api.binary_media_types);
  Result<std::string> payload =
      apply_content_handling(chosen.content_handling, binary, std::move(integ.body));
  if (!payload) {
    ex.warn("integration-response: ", payload.error().message);
    return false;
  }
  const auto* t = pick_template(chosen.response_templates, ex.request.headers);
  if (t == nullptr) {
    if (integ_type && !r.headers.has("Content-Type")) {
      r.headers.set("Content-Type", std::string(*integ_type));
    }
    r.body = std::move(*payload);
    return true;
  }
  Result<std::string> body = render_mapping(ex, *ex.shared.templates, t->second, *payload);
  if (!body) {
    // AWS logs "Execution failed due to configuration error: Unable to transform response".
    ex.trace("integration-response: unable to transform response");
    return false;
  }
  r.headers.set("Content-Type", t->first);
  r.body = std::move(*body);
  return true;
}

// $context.responseOverride.status / .header.X set by the templates win (fact 33).
void IntegrationResponseStep::apply_overrides(const vtl::Outputs& o, Response& r) {
  if (o.status_override && *o.status_override >= 100 && *o.status_override <= 599) {
    r.status = *o.status_override;
  }
  for (const auto& [name, value] : o.response_headers) {
    r.headers.set(name, value);
  }
}

}  // namespace gw::pipeline
