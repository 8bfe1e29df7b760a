// A REST Lambda custom integration (type aws) reached by an IAM-authorized caller with a Cognito
// identity: with `credentials: arn:aws:iam::*:user/*` (invoke with the caller's credentials)
// API Gateway passes the caller's Cognito identity to Lambda, so the handler's context.identity
// holds it; with the gateway's own role it does not. Runs a real Node worker
// (fixtures/lambda/node/context.js) through lambda::FunctionManager.

#include <doctest/doctest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/integrations/lambda_custom.h"
#include "core/integrations/recording_clients.h"
#include "core/lambda/function_manager.h"
#include "core/pipeline/exchange.h"
#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;
using nlohmann::json;

namespace {

bool have_node() { return std::system("command -v node >/dev/null 2>&1") == 0; }

constexpr const char* kCallerCredentials = "arn:aws:iam::*:user/*";

/// POST /orders → Lambda custom integration of function "context" (codeUri: the spec's
/// directory, fixtures/lambda/node), authorized with AWS_IAM.
model::Api cognito_api(std::string credentials) {
  model::Integration i;
  i.type = model::IntegrationType::Aws;
  i.http_method = "POST";
  i.uri =
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
      "arn:aws:lambda:us-east-1:123456789012:function:context/invocations";
  i.credentials = std::move(credentials);
  model::IntegrationResponse r;
  r.selection_pattern = "default";
  r.status_code = "200";
  i.responses.push_back(r);
  model::Api api = rest_api({operation("POST", "/orders", i)});
  api.operations[0].auth_type = "AWS_IAM";
  api.spec_path =
      std::make_shared<const std::string>(GW_SOURCE_DIR "/fixtures/lambda/node/api.yaml");
  model::FunctionConfig fn;
  fn.name = "context";
  fn.runtime = "nodejs20.x";
  fn.handler = "context.handler";
  api.gw.functions["context"] = fn;
  return api;
}

/// What the IAM step leaves on the exchange for a caller signed with credentials from a
/// Cognito identity pool.
void sign_in_through_identity_pool(pipeline::Exchange& ex) {
  pipeline::ContextIdentity& i = ex.context.identity;
  i.access_key = "ASIAEXAMPLE";
  i.account_id = ex.context.account_id;
  i.caller = "AROAEXAMPLE:CognitoIdentityCredentials";
  i.user = i.caller;
  i.user_arn =
      "arn:aws:sts::123456789012:assumed-role/Cognito_ShopAuth_Role/CognitoIdentityCredentials";
  i.cognito_identity_id = "us-east-1:11111111-2222-3333-4444-555555555555";
  i.cognito_identity_pool_id = "us-east-1:66666666-7777-8888-9999-000000000000";
  i.cognito_authentication_type = "authenticated";
  ex.context.authorizer.kind = "iam";
}

/// Runs the integration for one signed-in request and returns the handler's answer.
json invoke_as_cognito_caller(const model::Api& api, lambda::FunctionManager& functions) {
  StepDeps deps(api, 7);
  integrations::RecordingLambdaInvoker recorded(functions, *deps.shared.clock);
  deps.shared.lambda = &recorded;
  integrations::CallScope scope;
  Request req = request("POST", "/prod/orders", "", R"({"item":"book"})");
  pipeline::Exchange ex(req, deps.shared, true);
  ex.stage_name = "prod";
  ex.route = router::RouteMatch{&api.operations[0], {}, "/orders"};
  sign_in_through_identity_pool(ex);
  integrations::LambdaCustomIntegration integration(api, *api.operations[0].integration);
  auto out = integration.invoke(ex);
  REQUIRE_MESSAGE(out, (out ? "" : out.error().message));
  CHECK(out->response.status == 200);
  const std::vector<IntegrationCall> calls = scope.take();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].target == "context");
  return json::parse(out->response.body);
}

}  // namespace

TEST_SUITE("gw::integrations::LambdaCustomIntegration cognito identity") {
  TEST_CASE("with the caller's credentials: context.identity is the caller's Cognito identity" *
            doctest::skip(!have_node())) {
    const model::Api api = cognito_api(kCallerCredentials);
    lambda::FunctionManager functions;
    const json answer = invoke_as_cognito_caller(api, functions);
    CHECK(answer["identity"] ==
          json{{"cognitoIdentityId", "us-east-1:11111111-2222-3333-4444-555555555555"},
               {"cognitoIdentityPoolId", "us-east-1:66666666-7777-8888-9999-000000000000"}});
    CHECK(answer["clientContext"] == "undefined");  // API Gateway sends no client context
  }

  TEST_CASE("invoked with the gateway's own role: no identity reaches the function" *
            doctest::skip(!have_node())) {
    for (const char* credentials :
         {"", "arn:aws:iam::123456789012:role/apigateway-invoke-lambda"}) {
      CAPTURE(credentials);
      const model::Api api = cognito_api(credentials);
      lambda::FunctionManager functions;
      const json answer = invoke_as_cognito_caller(api, functions);
      CHECK(answer["identity"] == "undefined");
    }
  }
}
