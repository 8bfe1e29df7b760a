#include "core/pipeline/integration_response.h"

#include <array>
#include <charconv>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"
#include "core/pipeline/param_mapping.h"

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
      by_op_.push_back(Compiled{integrations::ResponseSelector(op.integration->responses)});
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
  std::string_view status(buf, static_cast<size_t>(end - buf));
  const model::IntegrationResponse* chosen = c.selector.select(status);
  if (chosen == nullptr) {
    ex.trace("integration-response: no response matches ", status, " and none is default");
    return ex.respond(GatewayResponseType::ApiConfigurationError);  // fact 30
  }
  return map_response(ex, *chosen);
}

Flow IntegrationResponseStep::map_response(Exchange& ex,
                                           const model::IntegrationResponse& chosen) const {
  Response r;
  const std::string& code = chosen.status_code;
  auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), r.status);
  if (ec != std::errc() || ptr != code.data() + code.size() || r.status < 100 || r.status > 599) {
    ex.trace("integration-response: invalid statusCode '", code, "'");
    return ex.respond(GatewayResponseType::ApiConfigurationError);
  }
  const Response& integ = *ex.integration_response;
  for (const auto& [key, expr] : chosen.response_parameters) {
    constexpr std::string_view kPrefix = "method.response.header.";
    if (!key.starts_with(kPrefix)) {
      continue;
    }
    std::optional<std::string> v = eval_mapping(ex, expr, &integ);
    if (v) {
      std::string name = key.substr(kPrefix.size());
      r.headers.set(is_reserved(name) ? "x-amzn-Remapped-" + name : name, std::move(*v));
    }
  }
  if (const auto* t = pick_template(chosen.response_templates, ex.request.headers)) {
    r.headers.set("Content-Type", t->first);
    r.body = t->second;
  } else {
    r.body = std::move(ex.integration_response->body);
  }
  ex.trace("integration-response: ",
           chosen.selection_pattern.empty() ? "default" : chosen.selection_pattern, " -> ", code);
  return ex.respond_with(std::move(r));
}

}  // namespace gw::pipeline
