#include "core/integrations/aws_subtype.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/integrations/aws_sign.h"
#include "core/integrations/aws_sink.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::pair<std::string_view, std::string_view> kServices[] = {
    {"SQS", "sqs"},         {"EventBridge", "events"},  {"Kinesis", "kinesis"},
    {"StepFunctions", "states"}, {"AppConfig", "appconfig"},
};

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') {
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  }
  return s;
}

}  // namespace

AwsSubtypeIntegration::AwsSubtypeIntegration(const model::Api& api,
                                             const model::Integration& config)
    : api_(api), config_(config) {
  std::string_view subtype = config.integration_subtype;
  size_t dash = subtype.find('-');
  for (const auto& [prefix, service] : kServices) {
    if (dash != std::string_view::npos && subtype.substr(0, dash) == prefix) {
      service_ = std::string(service);
      action_ = std::string(subtype.substr(dash + 1));
    }
  }
  for (const auto& [name, text] : config.request_parameters) {
    if (auto expr = pipeline::ValueExpr::parse(text, pipeline::ValueExpr::Dialect::Http)) {
      parameters_.emplace_back(name, std::move(*expr));
    }
  }
}

std::vector<std::pair<std::string, std::string>> AwsSubtypeIntegration::parameters(
    const pipeline::Exchange& ex) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, expr] : parameters_) {
    if (auto v = expr.eval(ex)) {
      out.emplace_back(name, std::move(*v));
    }
  }
  return out;
}

Result<std::string> AwsSubtypeIntegration::body_for(const pipeline::Exchange& ex) const {
  auto params = parameters(ex);
  if (service_ == "sqs") {  // the query protocol
    std::string body = "Action=" + action_ + "&Version=2012-11-05";
    for (const auto& [k, v] : params) {
      body += "&" + percent_encode(k) + "=" + percent_encode(v);
    }
    return body;
  }
  Json doc = Json::object();
  for (const auto& [k, v] : params) {
    doc[service_ == "states" ? lower_first(k) : k] = v;
  }
  if (service_ == "events" && action_ == "PutEvents") {
    doc = Json{{"Entries", Json::array({doc})}};
  }
  return doc.dump();
}

Result<IntegrationOutput> AwsSubtypeIntegration::invoke(pipeline::Exchange& ex) const {
  if (service_.empty()) {
    return fail(ErrorKind::BadInput,
                "unknown integrationSubtype '" + config_.integration_subtype + "'");
  }
  auto body = body_for(ex);
  GW_TRY(body);
  IntegrationOutput out;
  out.proxy = true;
  const std::string& endpoint = api_.gw.aws_services_endpoint;
  if (endpoint.empty()) {
    Result<Response> r = call_aws_sink(ex, AwsCall{region_, service_, action_, "", "POST", *body});
    if (!r) {
      return std::unexpected(r.error());
    }
    out.response = std::move(*r);
    return out;
  }
  HttpCall call;
  call.method = "POST";
  call.url = endpoint + (endpoint.ends_with("/") ? "" : "/");
  call.body = std::move(*body);
  call.timeout = std::chrono::milliseconds(std::min(config_.timeout_ms, 30000));
  if (auto p = json_protocol_of(service_); p && service_ != "sqs") {
    call.headers.add("X-Amz-Target", std::string(p->first) + "." + action_);
    call.headers.add("Content-Type", std::string(p->second));
  } else {
    call.headers.add("Content-Type", "application/x-www-form-urlencoded");
  }
  call.headers.add("Accept", "application/json");
  call.kind = "aws";
  sign_aws_call(call, credentials_of(api_.gw), region_, service_, ex.shared.clock->now());
  if (ex.shared.http == nullptr) {
    return fail(ErrorKind::Internal, "no HTTP client configured");
  }
  Result<Response> r = ex.shared.http->send(call);
  if (!r) {
    return std::unexpected(r.error());
  }
  out.response = std::move(*r);
  return out;
}

}  // namespace gw::integrations
