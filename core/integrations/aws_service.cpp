#include "core/integrations/aws_service.h"

#include <array>
#include <utility>

#include "core/base/strings.h"
#include "core/integrations/aws_sign.h"
#include "core/integrations/aws_sink.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

namespace {

struct JsonProtocol {
  std::string_view service;
  std::string_view target_prefix;
  std::string_view content_type;
};

// Services whose API is JSON over POST with X-Amz-Target (the AWS SDKs' service models).
constexpr std::array<JsonProtocol, 8> kJsonServices = {{
    {"dynamodb", "DynamoDB_20120810", "application/x-amz-json-1.0"},
    {"kinesis", "Kinesis_20131202", "application/x-amz-json-1.1"},
    {"states", "AWSStepFunctions", "application/x-amz-json-1.0"},
    {"events", "AWSEvents", "application/x-amz-json-1.1"},
    {"logs", "Logs_20140328", "application/x-amz-json-1.1"},
    {"firehose", "Firehose_20150804", "application/x-amz-json-1.1"},
    {"sqs", "AmazonSQS", "application/x-amz-json-1.0"},
    {"lambda", "", ""},
}};

const JsonProtocol* json_protocol(std::string_view service) {
  for (const JsonProtocol& p : kJsonServices) {
    if (p.service == service && !p.target_prefix.empty()) {
      return &p;
    }
  }
  return nullptr;
}

// A static mapping value: 'text'. (Built by appending: GCC 12 warns falsely on "'" + s + "'".)
std::string static_value(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('\'');
  out.append(s);
  out.push_back('\'');
  return out;
}

}  // namespace

std::optional<std::pair<std::string_view, std::string_view>> json_protocol_of(
    std::string_view service) {
  if (const JsonProtocol* p = json_protocol(service)) {
    return std::pair{p->target_prefix, p->content_type};
  }
  return std::nullopt;
}

Result<AwsServiceTarget> parse_aws_service_uri(std::string_view uri) {
  constexpr std::string_view kPrefix = "arn:aws:apigateway:";
  if (!uri.starts_with(kPrefix)) {
    return fail(ErrorKind::BadInput, "AWS integration uri '" + std::string(uri) +
                                         "' is not arn:aws:apigateway:<region>:<service>:...");
  }
  std::string_view rest = uri.substr(kPrefix.size());
  size_t c1 = rest.find(':');
  size_t c2 = c1 == std::string_view::npos ? c1 : rest.find(':', c1 + 1);
  if (c2 == std::string_view::npos) {
    return fail(ErrorKind::BadInput, "AWS integration uri '" + std::string(uri) +
                                         "' lacks <region>:<service>:{path|action}/...");
  }
  AwsServiceTarget t;
  t.region = std::string(rest.substr(0, c1));
  t.service = std::string(rest.substr(c1 + 1, c2 - c1 - 1));
  std::string_view tail = rest.substr(c2 + 1);
  if (tail.starts_with("action/")) {
    t.action = true;
    t.rest = std::string(tail.substr(7));
  } else if (tail.starts_with("path/")) {
    t.rest = std::string(tail.substr(5));
  } else {
    return fail(ErrorKind::BadInput, "AWS integration uri '" + std::string(uri) +
                                         "' needs path/... or action/... after the service");
  }
  return t;
}

AwsServiceIntegration::AwsServiceIntegration(const model::Api& api,
                                             const model::Integration& config)
    : target_(parse_aws_service_uri(config.uri)), forward_config_(config) {
  const std::string& endpoint = api.gw.aws_services_endpoint;
  if (!target_ || endpoint.empty()) {
    return;
  }
  std::string base = endpoint;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  model::Integration& f = forward_config_;
  f.type = model::IntegrationType::Http;
  auto& params = f.request_parameters;
  if (!target_->action) {
    f.uri = base + "/" + target_->rest;
  } else if (const JsonProtocol* p = json_protocol(target_->service)) {
    f.uri = base + "/";
    f.http_method = "POST";
    params.try_emplace("integration.request.header.X-Amz-Target",
                       static_value(std::string(p->target_prefix) + "." + target_->rest));
    params.try_emplace("integration.request.header.Content-Type", static_value(p->content_type));
  } else {
    f.uri = base + "/?Action=" + percent_encode(target_->rest);
  }
  AwsCredentials creds = credentials_of(api.gw);
  std::string region = target_->region;
  std::string service = target_->service;
  if (size_t dot = service.rfind('.'); dot != std::string::npos) {
    service = service.substr(dot + 1);  // "bucket.s3" signs as "s3"
  }
  forward_ = std::make_unique<HttpIntegration>(
      api, forward_config_,
      [creds, region, service](HttpCall& call, const pipeline::Exchange& ex) {
        sign_aws_call(call, creds, region, service, ex.shared.clock->now());
      });
}

Result<IntegrationOutput> AwsServiceIntegration::invoke(pipeline::Exchange& ex) const {
  if (!target_) {
    return std::unexpected(target_.error());
  }
  if (!forward_) {
    return sink(ex);
  }
  return forward_->invoke(ex);
}

Result<Response> call_aws_sink(pipeline::Exchange& ex, AwsCall c) {
  if (ex.shared.aws_sink == nullptr) {
    return fail(ErrorKind::Internal, "no AWS sink configured");
  }
  const std::string target = c.service + ":" + (c.action.empty() ? c.path : c.action);
  const std::string body = ex.tracing() ? c.body : std::string();
  Result<Response> r = ex.shared.aws_sink->call(std::move(c));
  ex.integration_latency_ms = 0;
  if (!r) {
    ex.warn("integration: aws ", target, ": ", r.error().message);
    return r;
  }
  ex.trace("integration: aws ", target, " -> local sink ", std::to_string(r->status),
           " (set x-gw.awsServices.endpoint to forward it): ", body);
  return r;
}

Result<IntegrationOutput> AwsServiceIntegration::sink(pipeline::Exchange& ex) const {
  AwsCall c;
  c.region = target_->region;
  c.service = target_->service;
  c.action = target_->action ? target_->rest : "";
  c.path = target_->action ? "" : ex.substitute_stage_variables(target_->rest);
  c.method = forward_config_.http_method.empty() || iequals(forward_config_.http_method, "ANY")
                 ? ex.request.method
                 : to_upper(forward_config_.http_method);
  c.body = ex.integration_body ? *ex.integration_body : ex.request.body;
  Result<Response> r = call_aws_sink(ex, std::move(c));
  if (!r) {
    return std::unexpected(r.error());
  }
  IntegrationOutput out;
  out.response = std::move(*r);
  return out;
}

}  // namespace gw::integrations
