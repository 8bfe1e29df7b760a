// Authorizer costs (run with -ts="gw::auth bench" --no-skip; bench/auth.sh does). Budgets
// (issue 5): a request whose Lambda authorizer result is cached adds under 10% to a mock
// request; JWT (RS256) verifications per second on one core.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "core/auth/jwt.h"
#include "core/auth/local_issuer.h"
#include "tests/core/auth/auth_fixture.h"

using namespace gw;
using namespace gw::testing;

namespace {

model::Api mock_api(bool secured) {
  model::Api api = rest_api({operation("GET", "/pets", mock_integration())});
  model::StageConfig st;
  st.name = "prod";
  api.gw.stages = {st};
  api.gw.functions["auth"] = fn_config("auth");
  api.gw.account_throttle = model::Throttle{1e9, 1000000000};
  if (secured) {
    model::Authorizer a = lambda_authorizer("tok", "token");
    a.identity_source = "method.request.header.Authorization";
    a.result_ttl_seconds = 3600;
    api.authorizers["tok"] = a;
    api.security = std::vector<model::SecurityRequirement>{{{"tok", {}}}};
  }
  return api;
}

double us_per_request(AuthFixture& f, const Request& req, int count) {
  auto start = std::chrono::steady_clock::now();
  int ok = 0;
  for (int i = 0; i < count; ++i) {
    ok += f.gateway.handle(req).status == 200 ? 1 : 0;
  }
  CHECK(ok == count);
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
             .count() /
         count;
}

}  // namespace

TEST_SUITE("gw::auth bench" * doctest::skip()) {
  TEST_CASE("a cached Lambda authorizer beside the bare mock path") {
    constexpr int kCount = 200000;
    AuthFixture bare(mock_api(false));
    AuthFixture secured(mock_api(true));
    secured.invoker.auth_answer = allow_policy("*");
    Request req = request("GET", "/prod/pets");
    req.headers.add("Authorization", "Bearer abc");
    us_per_request(secured, req, 10);  // the first call invokes and caches
    double base = us_per_request(bare, req, kCount);
    double cached = us_per_request(secured, req, kCount);
    std::printf("mock: %.3f us/request; with a cached Lambda authorizer: %.3f us/request (+%.1f%%)\n",
                base, cached, 100.0 * (cached - base) / base);
    CHECK(secured.invoker.auth_events.size() == 1);
  }

  TEST_CASE("JWT RS256 verifications per second") {
    auto key = *crypto::SigningKey::generate_rsa();
    auto jwks = *auth::Jwks::parse(*auth::dev_jwks_json(key));
    std::string header = crypto::base64url_encode(
        R"({"alg":"RS256","kid":")" + auth::dev_kid(*key.public_jwk()) + R"("})");
    std::string claims = crypto::base64url_encode(
        R"({"iss":"https://issuer.test","aud":"app","exp":1764105083,"iat":1764105000})");
    std::string input = header + "." + claims;
    std::string token = input + "." + crypto::base64url_encode(*key.sign("RS256", input));
    auth::JwtRules rules;
    rules.issuer = "https://issuer.test";
    rules.audience = {"app"};
    rules.now = std::chrono::system_clock::time_point(std::chrono::seconds(1764105023));
    constexpr int kCount = 20000;
    int ok = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCount; ++i) {
      ok += auth::verify_jwt(token, jwks, rules) ? 1 : 0;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("JWT RS256 verify: %.0f tokens/s on one core\n", kCount / s);
    CHECK(ok == kCount);
  }
}
