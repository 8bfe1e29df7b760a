#pragma once

/// Runs a Lambda authorizer (REST TOKEN / REQUEST, HTTP API REQUEST payload 1.0 / 2.0) for one
/// request: identity sources, identityValidationExpression, the invocation on the local Lambda
/// workers, the answer, the result cache.
///
/// Emulates: facts 52-57. Missing or empty identity sources and a token failing
/// identityValidationExpression answer 401 without a call; an "Unauthorized" error answers 401;
/// another error, a timeout or a malformed answer 500 (AUTHORIZER_CONFIGURATION_ERROR); the
/// answer's policy is evaluated on the method ARN and cached by identity values for
/// authorizerResultTtlInSeconds (default 300, 0 = off), so a cached policy applies to other
/// methods too. A cached answer is reported to the invoker (recorded, so replay answers it),
/// and an invoker whose results are not reusable (replay) turns the cache off.
/// Differences: invocation timeout 10 s for HTTP APIs, 29 s for REST.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/identity_source.h"
#include "core/auth/lambda_authorizer.h"
#include "core/auth/result_cache.h"
#include "core/auth/verdict.h"
#include "core/model/api.h"

namespace gw::auth {

class LambdaCheck {
 public:
  LambdaCheck(const model::Api& api, const model::Authorizer& config);
  LambdaCheck(const LambdaCheck&) = delete;
  LambdaCheck& operator=(const LambdaCheck&) = delete;
  ~LambdaCheck();

  Verdict run(pipeline::Exchange& ex) const;

 private:
  struct Identity {
    std::vector<std::string> values;
    std::string cache_key;
  };
  std::optional<Identity> collect(pipeline::Exchange& ex) const;
  std::string event_for(pipeline::Exchange& ex, const Identity& id, const std::string& arn) const;
  const model::FunctionConfig* function_for(pipeline::Exchange& ex, std::string& uri) const;
  void note_cached(pipeline::Exchange& ex, const LambdaAuthOutput& out) const;
  Result<std::shared_ptr<const LambdaAuthOutput>> call(pipeline::Exchange& ex,
                                                       const std::string& event,
                                                       Verdict& verdict) const;
  Verdict apply(pipeline::Exchange& ex, const LambdaAuthOutput& out, const std::string& arn) const;

  const model::Api& api_;
  const model::Authorizer& config_;
  bool http_api_ = false;
  bool token_ = false;  ///< a REST TOKEN authorizer
  bool v2_ = false;     ///< HTTP API payload 2.0
  std::vector<IdentitySource> sources_;
  struct Regex;
  std::unique_ptr<Regex> validation_;
  ResultCache<LambdaAuthOutput> cache_;
};

}  // namespace gw::auth
