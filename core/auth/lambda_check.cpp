#include "core/auth/lambda_check.h"

#include "core/integrations/lambda_uri.h"
#include "core/integrations/whole_match.h"
#include "core/lambda/invoker.h"
#include "core/pipeline/exchange.h"

namespace gw::auth {

using pipeline::Exchange;
using pipeline::GatewayResponseType;

struct LambdaCheck::Regex {
  integrations::WholeMatch re;  // identityValidationExpression: a Java regex, whole token
};

LambdaCheck::LambdaCheck(const model::Api& api, const model::Authorizer& config)
    : api_(api), config_(config) {
  http_api_ = api.type == model::ApiType::Http;
  token_ = !http_api_ && config.type == "token";
  v2_ = http_api_ && config.payload_format_version != "1.0";
  std::string source = config.identity_source;
  if (source.empty() && (token_ || config.type == "jwt")) {
    source = http_api_ ? "$request.header.Authorization" : "method.request.header.Authorization";
  }
  sources_ = parse_identity_sources(source);
  if (token_ && sources_.size() > 1) {
    sources_.erase(sources_.begin() + 1, sources_.end());
  }
  if (token_ && !config.identity_validation_expression.empty()) {
    auto re = integrations::WholeMatch::compile(config.identity_validation_expression, false);
    if (re) {  // else the linter reports it; AWS would refuse the import
      validation_ = std::make_unique<Regex>(Regex{std::move(*re)});
    }
  }
}

LambdaCheck::~LambdaCheck() = default;

std::optional<LambdaCheck::Identity> LambdaCheck::collect(Exchange& ex) const {
  Identity id;
  id.cache_key = config_.name;
  for (const IdentitySource& s : sources_) {
    std::optional<std::string> v = identity_value(s, ex);
    if (!v) {
      ex.trace("authorizer: ", config_.name, ": identity source ", s.text(), " is missing");
      return std::nullopt;
    }
    id.cache_key.append("\x1f").append(*v);
    id.values.push_back(std::move(*v));
  }
  if (token_ && validation_ && !id.values.empty() && !validation_->re.matches(id.values[0])) {
    ex.trace("authorizer: ", config_.name, ": token fails identityValidationExpression");
    return std::nullopt;
  }
  return id;
}

std::string LambdaCheck::event_for(Exchange& ex, const Identity& id, const std::string& arn) const {
  if (token_) {
    return token_event(id.values.empty() ? "" : id.values[0], arn);
  }
  return http_api_ ? http_request_event(ex, arn, id.values, v2_) : rest_request_event(ex, arn);
}

const model::FunctionConfig* LambdaCheck::function_for(Exchange& ex, std::string& uri) const {
  uri = ex.substitute_stage_variables(config_.authorizer_uri);
  if (auto it = api_.gw.functions.find(uri); it != api_.gw.functions.end()) {
    return &it->second;
  }
  if (auto name = integrations::lambda_function_name(uri)) {
    auto named = api_.gw.functions.find(*name);
    return named == api_.gw.functions.end() ? nullptr : &named->second;
  }
  return nullptr;
}

// The cache answered: the invoker hears of it (the recording keeps the answer for replay).
void LambdaCheck::note_cached(Exchange& ex, const LambdaAuthOutput& out) const {
  std::string uri;
  const model::FunctionConfig* fn = function_for(ex, uri);
  if (fn == nullptr || ex.shared.lambda == nullptr) {
    return;
  }
  lambda::Invocation inv{&api_, fn, "", std::chrono::milliseconds(http_api_ ? 10000 : 29000),
                         "", ""};
  ex.shared.lambda->answered_from_cache(inv, {out.raw_payload, false, out.raw_request_id, false});
}

Result<std::shared_ptr<const LambdaAuthOutput>> LambdaCheck::call(Exchange& ex,
                                                                  const std::string& event,
                                                                  Verdict& verdict) const {
  std::string uri;
  const model::FunctionConfig* fn = function_for(ex, uri);
  if (fn == nullptr || ex.shared.lambda == nullptr) {
    return fail(ErrorKind::BadInput,
                "authorizer function for '" + uri + "' is not defined in x-gw.functions");
  }
  lambda::Invocation inv{&api_, fn, event, std::chrono::milliseconds(http_api_ ? 10000 : 29000),
                         "",    ""};
  inv.trace_id = ex.trace_context.value();
  auto started = ex.shared.clock->monotonic();
  auto out = ex.shared.lambda->invoke(inv);
  ex.context.authorizer.latency_ms =
      out && out->latency_ms >= 0
          ? out->latency_ms  // the recorded figure: replay shows what was recorded
          : std::chrono::duration_cast<std::chrono::milliseconds>(ex.shared.clock->monotonic() -
                                                                  started)
                .count();
  if (!out) {
    return std::unexpected(out.error());
  }
  if (out->function_error) {
    if (is_unauthorized_error(out->payload)) {
      ex.trace("authorizer: ", config_.name, ": function answered Unauthorized");
      verdict.responded = true;
      ex.respond(GatewayResponseType::Unauthorized);
      return nullptr;
    }
    return fail(ErrorKind::Failure, "function error: " + out->payload);
  }
  auto parsed = parse_lambda_auth_output(out->payload, http_api_, config_.enable_simple_responses);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  parsed->raw_payload = std::move(out->payload);
  parsed->raw_request_id = std::move(out->request_id);
  return std::make_shared<const LambdaAuthOutput>(std::move(*parsed));
}

Verdict LambdaCheck::apply(Exchange& ex, const LambdaAuthOutput& out,
                           const std::string& arn) const {
  Verdict v;
  pipeline::AuthorizerResult& a = ex.context.authorizer;
  a.kind = "lambda";
  a.principal_id = out.principal_id;
  a.context = out.context;
  a.context_json = out.context_json;
  if (api_.api_key_source == "AUTHORIZER" && !out.usage_identifier_key.empty()) {
    ex.context.identity.api_key = out.usage_identifier_key;  // fact 59
  }
  if (out.simple) {
    v.decision = out.is_authorized ? Decision::Allow : Decision::Deny;
  } else {
    PolicyRequest req;
    req.resource = arn;
    req.source_ip = ex.context.source_ip;
    v.decision = evaluate(*out.policy, req);
  }
  ex.trace("authorizer: ", config_.name, ": ",
           v.decision == Decision::Allow  ? "allow"
           : v.decision == Decision::Deny ? "explicit deny"
                                          : "policy does not cover ",
           v.decision == Decision::NotCovered ? arn : "");
  return v;
}

Verdict LambdaCheck::run(Exchange& ex) const {
  Verdict verdict;
  std::optional<Identity> id = collect(ex);
  if (!id) {
    verdict.responded = true;
    ex.respond(GatewayResponseType::Unauthorized);  // fact 52, 57: no call
    return verdict;
  }
  const pipeline::Context& c = ex.context;
  std::string arn =
      method_arn(kRegion, c.account_id, c.api_id, c.stage, ex.request.method, ex.path_in_stage);
  // Fact 57: caching needs at least one identity source; fact 53: TTL 0 disables it.
  bool cacheable = config_.result_ttl_seconds > 0 && !sources_.empty() &&
                   (ex.shared.lambda == nullptr || ex.shared.lambda->results_reusable());
  auto now = ex.shared.clock->now();
  std::shared_ptr<const LambdaAuthOutput> out =
      cacheable ? cache_.get(id->cache_key, now) : nullptr;
  if (out) {
    ex.trace("authorizer: ", config_.name, ": cached answer");
    note_cached(ex, *out);
    return apply(ex, *out, arn);
  }
  auto called = call(ex, event_for(ex, *id, arn), verdict);
  if (verdict.responded) {
    return verdict;
  }
  if (!called) {
    ex.trace("authorizer: ", config_.name, ": ", called.error().message);
    verdict.responded = true;
    ex.respond(GatewayResponseType::AuthorizerConfigurationError);
    return verdict;
  }
  if (cacheable) {
    cache_.put(id->cache_key, *called, now + std::chrono::seconds(config_.result_ttl_seconds));
  }
  return apply(ex, **called, arn);
}

}  // namespace gw::auth
