#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/auth/local_issuer.h"
#include "core/auth/sigv4.h"
#include "core/base/crypto.h"
#include "tests/core/auth/auth_fixture.h"

using namespace gw;
using namespace gw::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 1764105023;

// A spec path in a fresh temp dir whose .gw/ holds a development key.
struct DevIssuer {
  DevIssuer() {
    dir = fs::temp_directory_path() / ("gw-auth-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    spec = (dir / "api.yaml").string();
    key = std::make_unique<crypto::SigningKey>(
        *auth::load_dev_key(model::state_dir_beside(spec), true));
  }
  ~DevIssuer() { fs::remove_all(dir); }
  std::string token(json claims) const { return *auth::sign_dev_jwt(*key, claims.dump()); }
  fs::path dir;
  std::string spec;
  std::unique_ptr<crypto::SigningKey> key;
};

const DevIssuer& issuer() {
  static DevIssuer d;
  return d;
}

json claims(std::string iss, std::string token_use = "") {
  json c = {{"iss", iss},       {"sub", "u-1"},    {"aud", "app"},
            {"exp", kNow + 60}, {"iat", kNow - 5}, {"scope", "pets/read"}};
  if (!token_use.empty()) {
    c["token_use"] = token_use;
  }
  return c;
}

model::Api jwt_api(std::vector<std::string> scopes) {
  model::Api api = secured_api(model::ApiType::Http, "jwt", std::move(scopes));
  api.spec_path = std::make_shared<const std::string>(issuer().spec);
  model::Authorizer a;
  a.name = "jwt";
  a.type = "jwt";
  a.identity_source = "$request.header.Authorization";
  a.jwt_issuer = std::string(auth::kLocalIssuer);
  a.jwt_audience = {"app"};
  api.authorizers["jwt"] = a;
  return api;
}

model::Api cognito_api(std::vector<std::string> scopes) {
  model::Api api = secured_api(model::ApiType::Rest, "pool", std::move(scopes));
  api.spec_path = std::make_shared<const std::string>(issuer().spec);
  model::Authorizer a;
  a.name = "pool";
  a.type = "cognito_user_pools";
  a.provider_arns = {"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc"};
  api.authorizers["pool"] = a;
  return api;
}

}  // namespace

TEST_SUITE("gw::auth jwt and cognito authorizers") {
  TEST_CASE("fact 58: HTTP JWT authorizer accepts a dev-issuer token; claims reach the event") {
    AuthFixture f(jwt_api({}));
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    Response ok = f.get("/pets", "Authorization",
                        "Bearer " + issuer().token(claims(std::string(auth::kLocalIssuer))));
    CHECK(ok.status == 200);
    REQUIRE(f.invoker.events.size() == 1);
    json jwt = f.invoker.events[0]["requestContext"]["authorizer"]["jwt"];
    CHECK(jwt["claims"]["sub"] == "u-1");
    CHECK(jwt["scopes"] == json::array({"pets/read"}));
  }

  TEST_CASE("fact 58: missing, expired, wrong-audience tokens -> 401 with www-authenticate") {
    AuthFixture f(jwt_api({}));
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    Response none = f.get("/pets");
    CHECK(none.status == 401);
    CHECK(none.body == R"({"message":"Unauthorized"})");
    CHECK(none.headers.get("www-authenticate").has_value());
    json c = claims(std::string(auth::kLocalIssuer));
    f.clock.advance(std::chrono::seconds(61));
    Response expired = f.get("/pets", "Authorization", issuer().token(c));
    CHECK(expired.status == 401);
    CHECK(expired.headers.get("www-authenticate")->find("the token has expired") !=
          std::string::npos);
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    c["aud"] = "other";
    CHECK(f.get("/pets", "Authorization", issuer().token(c)).status == 401);
    CHECK(f.invoker.events.empty());
  }

  TEST_CASE(
      "HTTP JWT authorizer: a route's scopes missing from the token -> 403 insufficient_scope") {
    AuthFixture f(jwt_api({"pets/write"}));
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    Response r =
        f.get("/pets", "Authorization", issuer().token(claims(std::string(auth::kLocalIssuer))));
    CHECK(r.status == 403);
    CHECK(r.body == R"({"message":"Forbidden"})");
    CHECK(r.headers.get("www-authenticate")->find("insufficient_scope") != std::string::npos);
  }

  TEST_CASE("Cognito: id token without scopes, access token with scopes; claims in the event") {
    std::string iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc";
    AuthFixture f(cognito_api({}));
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    CHECK(f.get("/prod/pets", "Authorization", issuer().token(claims(iss, "id"))).status == 200);
    json rc = f.invoker.events.at(0)["requestContext"];
    CHECK(rc["authorizer"]["claims"]["sub"] == "u-1");
    CHECK(rc["authorizer"]["claims"]["exp"] == std::to_string(kNow + 60));  // REST stringifies
    Response access = f.get("/prod/pets", "Authorization", issuer().token(claims(iss, "access")));
    CHECK(access.status == 401);
    CHECK(access.headers.get("x-amzn-ErrorType") == "UnauthorizedException");
    CHECK(f.get("/prod/pets", "Authorization",
                issuer().token(claims("https://cognito-idp.us-east-1.amazonaws.com/other", "id")))
              .status == 401);

    AuthFixture scoped(cognito_api({"pets/read"}));
    scoped.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
    CHECK(scoped.get("/prod/pets", "Authorization", issuer().token(claims(iss, "access"))).status ==
          200);
    CHECK(scoped.get("/prod/pets", "Authorization", issuer().token(claims(iss, "id"))).status ==
          401);
  }
}

TEST_SUITE("gw::auth iam") {
  // Signs r as ci-bot at t with gw's own signer (the e2e tests use the npm aws4 signer).
  void sign(Request & r, std::string_view amz_date, std::string_view secret = "SECRET") {
    r.headers.set("Host", "localhost");
    r.headers.set("X-Amz-Date", std::string(amz_date));
    auth::SigV4Auth a;
    a.access_key = "AKIDCIBOT";
    a.date = std::string(amz_date.substr(0, 8));
    a.region = "us-east-1";
    a.service = "execute-api";
    a.signed_headers = {"host", "x-amz-date"};
    a.amz_date = std::string(amz_date);
    std::string sig =
        auth::sigv4_signature(secret, a, auth::string_to_sign(a, auth::canonical_request(r, a)));
    r.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDCIBOT/" + a.date +
                                       "/us-east-1/execute-api/aws4_request, "
                                       "SignedHeaders=host;x-amz-date, Signature=" +
                                       sig);
  }

  model::Api iam_api(std::vector<std::string> allow) {
    model::Api api = secured_api(model::ApiType::Rest, "");
    for (model::Operation& op : api.operations) {
      op.auth_type = "AWS_IAM";
    }
    model::Identity id;
    id.name = "ci-bot";
    id.access_key_id = "AKIDCIBOT";
    id.secret_access_key = "SECRET";
    id.allow = std::move(allow);
    api.gw.identities["ci-bot"] = id;
    return api;
  }

  TEST_CASE("SigV4: accept, identity filled, tamper, expiry, unknown key, missing, not allowed") {
    AuthFixture f(iam_api({"arn:aws:execute-api:*:*:*/prod/GET/pets"}));
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)));
    Request r = request("GET", "/prod/pets");
    sign(r, "20150830T123600Z");
    CHECK(f.handle(r).status == 200);
    json id = f.invoker.events.at(0)["requestContext"]["identity"];
    CHECK(id["accessKey"] == "AKIDCIBOT");
    CHECK(id["userArn"] == "arn:aws:iam::123456789012:user/ci-bot");
    CHECK_FALSE(f.invoker.events.at(0)["requestContext"].contains("authorizer"));

    Request tampered = r;
    tampered.query = "x=1";
    Response bad = f.handle(tampered);
    CHECK(bad.status == 403);
    CHECK(bad.headers.get("x-amzn-ErrorType") == "InvalidSignatureException");
    CHECK(bad.body.find("The request signature we calculated does not match") != std::string::npos);

    Request wrong_secret = request("GET", "/prod/pets");
    sign(wrong_secret, "20150830T123600Z", "OTHER");
    CHECK(f.handle(wrong_secret).status == 403);

    f.clock.advance(std::chrono::seconds(301));
    Response late = f.handle(r);
    CHECK(late.status == 403);
    CHECK(late.body.find("Signature expired: 20150830T123600Z is now earlier than "
                         "20150830T123601Z (20150830T124101Z - 5 min.)") != std::string::npos);

    Response missing = f.handle(request("GET", "/prod/pets"));
    CHECK(missing.status == 403);
    CHECK(missing.body == R"({"message":"Missing Authentication Token"})");

    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)));
    Request unknown = r;
    unknown.headers.set("Authorization",
                        std::string(*r.headers.get("Authorization")).replace(28, 9, "AKIDOTHER"));
    Response u = f.handle(unknown);
    CHECK(u.status == 403);
    CHECK(u.body == R"({"message":"The security token included in the request is invalid."})");
    CHECK(u.headers.get("x-amzn-ErrorType") == "UnrecognizedClientException");

    Request post = request("POST", "/prod/pets");
    sign(post, "20150830T123600Z");
    Response denied = f.handle(post);
    CHECK(denied.status == 403);
    CHECK(denied.body.find("User: arn:aws:iam::123456789012:user/ci-bot is not authorized to "
                           "perform: execute-api:Invoke on resource: arn:aws:execute-api:") !=
          std::string::npos);
  }
  TEST_CASE("SigV4 with credentials from a Cognito identity pool: the cognito identity fields") {
    // $context.identity.cognito* are "available only if the request was signed with Amazon
    // Cognito credentials" (AWS-doc api-gateway-mapping-template-reference.md); the caller is
    // the pool's role, assumed for the identity.
    model::Api api = iam_api({"arn:aws:execute-api:*:*:*/prod/GET/pets"});
    model::CognitoCaller c;
    c.identity_id = "us-east-1:0b4f2d1c-1111-2222-3333-444455556666";
    c.identity_pool_id = "us-east-1:7c1d0e2f-aaaa-bbbb-cccc-ddddeeeeffff";
    c.authentication_provider =
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example,"
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example:CognitoSignIn:sub-1";
    c.role_name = "Cognito_AppAuth_Role";
    api.gw.identities["ci-bot"].cognito = c;
    AuthFixture f(api);
    f.clock.set(std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)));
    Request r = request("GET", "/prod/pets");
    sign(r, "20150830T123600Z");
    CHECK(f.handle(r).status == 200);
    json id = f.invoker.events.at(0)["requestContext"]["identity"];
    CHECK(id["cognitoIdentityId"] == c.identity_id);
    CHECK(id["cognitoIdentityPoolId"] == c.identity_pool_id);
    CHECK(id["cognitoAuthenticationType"] == "authenticated");
    CHECK(id["cognitoAuthenticationProvider"] == c.authentication_provider);
    CHECK(id["caller"] == "AROACIBOT:CognitoIdentityCredentials");
    CHECK(id["user"] == "AROACIBOT:CognitoIdentityCredentials");
    CHECK(id["userArn"] ==
          "arn:aws:sts::123456789012:assumed-role/Cognito_AppAuth_Role/CognitoIdentityCredentials");
    CHECK(id["accessKey"] == "AKIDCIBOT");

    Request post = request("POST", "/prod/pets");  // the assumed role is the denied principal
    sign(post, "20150830T123600Z");
    CHECK(f.handle(post).body.find("User: arn:aws:sts::123456789012:assumed-role/"
                                   "Cognito_AppAuth_Role/CognitoIdentityCredentials is not "
                                   "authorized") != std::string::npos);
  }
}

TEST_SUITE("gw::auth resource policies") {
  TEST_CASE("resource policy only: explicit Allow needed; Deny on source IP wins") {
    model::Api api = secured_api(model::ApiType::Rest, "");
    api.policy_json = R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/*"},
      {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*",
       "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})";
    AuthFixture f(api);
    CHECK(f.get("/prod/pets").status == 200);
    Response post = f.handle(request("POST", "/prod/pets"));
    CHECK(post.status == 403);
    CHECK(post.body.starts_with(
        R"({"message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:)"));
    CHECK(post.body.ends_with(R"(/prod/POST/pets"})"));
    Request from_ten = request("GET", "/prod/pets");
    from_ten.source_ip = "10.1.2.3";
    Response d = f.handle(from_ten);
    CHECK(d.status == 403);
    CHECK(d.body.ends_with(R"(/prod/GET/pets with an explicit deny"})"));
  }

  TEST_CASE(
      "Table A: resource Deny beats a Lambda Allow without calling it; Allow covers an uncovered "
      "ARN") {
    model::Api api = secured_api(model::ApiType::Rest, "tok");
    model::Authorizer a = lambda_authorizer("tok", "token");
    a.result_ttl_seconds = 0;
    api.authorizers["tok"] = a;
    api.policy_json = R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/POST/*"},
      {"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/pets/*"}]})";
    AuthFixture f(api);
    f.invoker.auth_answer = allow_policy("arn:aws:execute-api:*:*:*/prod/GET/pets");
    CHECK(f.get("/prod/pets/1", "Authorization", "t").status == 403);
    CHECK(f.invoker.auth_events.empty());
    CHECK(f.get("/prod/pets", "Authorization", "t").status == 200);
    Request post = request("POST", "/prod/pets");
    post.headers.add("Authorization", "t");
    CHECK(f.handle(post).status == 200);  // authorizer silent, resource policy allows
    f.invoker.auth_answer = allow_policy("*", "Deny");
    CHECK(f.handle(post).status == 403);  // authorizer's explicit deny wins
  }
}
