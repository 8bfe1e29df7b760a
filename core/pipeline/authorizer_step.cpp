#include "core/pipeline/authorizer_step.h"

#include "core/auth/iam_check.h"
#include "core/auth/jwt_check.h"
#include "core/auth/lambda_check.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {

using auth::AuthKind;
using auth::Decision;

AuthorizerStep::AuthorizerStep(const model::Api& api, std::string_view api_id,
                               const std::string& state_dir)
    : resource_policy_(api, api_id) {
  for (const model::Operation& op : api.operations) {
    auth::MethodAuth m = auth::method_auth(api, op);
    if (m.kind == AuthKind::None) {
      continue;
    }
    const model::Authorizer* a = m.authorizer;
    if (m.kind == AuthKind::Lambda && !lambdas_.contains(a)) {
      lambdas_[a] = std::make_unique<auth::LambdaCheck>(api, *a);
    } else if ((m.kind == AuthKind::Cognito || m.kind == AuthKind::Jwt) && !jwts_.contains(a)) {
      jwts_[a] = std::make_unique<auth::JwtCheck>(api, *a, state_dir);
    } else if (m.kind == AuthKind::Iam && !iam_) {
      iam_ = std::make_unique<auth::IamCheck>(api);
    }
    methods_[&op] = std::move(m);
  }
}

AuthorizerStep::~AuthorizerStep() = default;

namespace {

std::string_view kind_name(AuthKind kind) {
  switch (kind) {
    case AuthKind::Lambda:
      return "lambda";
    case AuthKind::Cognito:
      return "cognito";
    case AuthKind::Jwt:
      return "jwt";
    case AuthKind::Iam:
      return "iam";
    case AuthKind::None:
      break;
  }
  return "";
}

}  // namespace

Flow AuthorizerStep::on_request(Exchange& ex) const {
  if (!ex.route || ex.route->op == nullptr) {
    return Flow::Continue;
  }
  auto it = methods_.find(ex.route->op);
  if (it == methods_.end() || it->second.kind == AuthKind::None) {
    return Flow::Continue;
  }
  // What the access log reports of the authorization ($context.authorizer.status, ...).
  const auto start = ex.shared.clock->monotonic();
  const Flow flow = authorize(ex, it->second);
  AuthorizerRun& run = ex.authorizer_run;
  run.ran = true;
  run.kind = kind_name(it->second.kind);
  if (it->second.authorizer != nullptr) {
    run.name = it->second.authorizer->name;
  }
  run.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       ex.shared.clock->monotonic() - start)
                       .count();
  run.status = flow == Flow::Respond ? ex.response.status : 200;
  if (flow == Flow::Respond) {
    run.error = ex.context.error_message;
  }
  return flow;
}

Flow AuthorizerStep::authorize(Exchange& ex, const auth::MethodAuth& m) const {
  auth::Verdict v;
  switch (m.kind) {
    case AuthKind::Lambda:
      v = lambdas_.at(m.authorizer)->run(ex);
      break;
    case AuthKind::Cognito:
    case AuthKind::Jwt:
      v = jwts_.at(m.authorizer)->run(ex, m.scopes);
      break;
    case AuthKind::Iam:
      v = iam_->run(ex);
      break;
    case AuthKind::None:
      return Flow::Continue;
  }
  if (v.responded) {
    return Flow::Respond;
  }
  return decide(ex, m, v);
}

// The resource-policy tables: Lambda / IAM follow Table A (an explicit Deny from either wins,
// then an Allow from either); Cognito needs a valid token and, with a policy, its explicit Allow.
Flow AuthorizerStep::decide(Exchange& ex, const auth::MethodAuth& m, const auth::Verdict& v) const {
  bool http_api = ex.api.type == model::ApiType::Http;
  Decision rp = Decision::NotCovered;
  if (resource_policy_.present() && !http_api) {
    rp = resource_policy_.evaluate(ex, v.principal);
    if (rp == Decision::Deny) {
      resource_policy_.deny(ex, true, v.principal);
      return Flow::Respond;
    }
    if (m.kind == AuthKind::Cognito && rp != Decision::Allow) {
      resource_policy_.deny(ex, false, v.principal);
      return Flow::Respond;
    }
  }
  if (v.decision == Decision::Allow ||
      (v.decision == Decision::NotCovered && rp == Decision::Allow)) {
    return Flow::Continue;
  }
  bool explicit_deny = v.decision == Decision::Deny;
  std::string message;
  if (!v.principal.empty()) {
    message =
        "User: " + v.principal +
        " is not authorized to perform: execute-api:Invoke on resource: " + auth::request_arn(ex) +
        (explicit_deny ? " with an explicit deny" : "");
  } else {
    message = explicit_deny ? "User is not authorized to access this resource with an explicit deny"
                            : "User is not authorized to access this resource";  // fact 52
  }
  ex.respond(GatewayResponseType::AccessDenied, std::move(message));
  return Flow::Respond;
}

}  // namespace gw::pipeline
