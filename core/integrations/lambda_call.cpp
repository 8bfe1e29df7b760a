#include "core/integrations/lambda_call.h"

#include "core/integrations/lambda_uri.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

namespace {

// With `credentials: arn:aws:iam::*:user/*` API Gateway invokes the function with the caller's
// own credentials, so a caller signed in through a Cognito identity pool reaches the function
// as context.identity.
std::string cognito_identity_of(const pipeline::Exchange& ex) {
  const pipeline::ContextIdentity& id = ex.context.identity;
  const model::Operation* op = ex.route ? ex.route->op : nullptr;
  if (id.cognito_identity_id.empty() || op == nullptr || !op->integration ||
      op->integration->credentials != "arn:aws:iam::*:user/*") {
    return "";
  }
  return "{\"cognitoIdentityId\":" + pipeline::json_quote(id.cognito_identity_id) +
         ",\"cognitoIdentityPoolId\":" + pipeline::json_quote(id.cognito_identity_pool_id) + "}";
}

}  // namespace

Result<const model::FunctionConfig*> FunctionResolver::resolve(pipeline::Exchange& ex,
                                                               std::string_view raw_uri) const {
  std::string uri = ex.substitute_stage_variables(raw_uri);
  if (auto it = api_.gw.functions.find(uri); it != api_.gw.functions.end()) {
    return &it->second;
  }
  std::optional<std::string> name = lambda_function_name(uri);
  if (!name) {
    return fail(ErrorKind::BadInput, "integration uri '" + uri + "' names no Lambda function");
  }
  if (auto it = api_.gw.functions.find(*name); it != api_.gw.functions.end()) {
    return &it->second;
  }
  std::string message = "function '" + *name +
                        "' is not defined in x-gw.functions; map it to local code: x-gw: "
                        "{functions: {" +
                        *name + ": {runtime: python3.12, handler: app.handler, codeUri: ./src}}}";
  if (!warned_unmapped_.exchange(true)) {
    ex.warn(message);
  }
  return fail(ErrorKind::BadInput, std::move(message));
}

Result<lambda::InvokeOutput> call_function(pipeline::Exchange& ex, const model::Api& api,
                                           const model::FunctionConfig& fn, std::string payload,
                                           std::chrono::milliseconds timeout, bool event) {
  if (ex.shared.lambda == nullptr) {
    return fail(ErrorKind::BadInput, "local Lambda functions are not available here");
  }
  lambda::Invocation inv{&api, &fn, std::move(payload), timeout, "", cognito_identity_of(ex)};
  inv.trace_id = ex.trace_context.value();
  auto started = ex.shared.clock->monotonic();
  Result<lambda::InvokeOutput> out =
      event ? ex.shared.lambda->invoke_event(inv) : ex.shared.lambda->invoke(inv);
  double ms =
      std::chrono::duration<double, std::milli>(ex.shared.clock->monotonic() - started).count();
  ex.integration_latency_ms = ms;
  if (out) {
    ex.trace("integration: lambda ", fn.name, event ? " Event" : "", " request ", out->request_id,
             out->cold_start ? " (cold start)" : "");
  }
  return out;
}

}  // namespace gw::integrations
