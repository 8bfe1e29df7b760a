#pragma once

/// AWS_IAM authorization: verifies a request's Signature Version 4 against the callers of
/// x-gw.identities and evaluates the caller's allow list for execute-api:Invoke.
///
/// Emulates: no signature → 403 "Missing Authentication Token"; an unreadable one → 403
/// IncompleteSignatureException; an unknown access key or a wrong / missing session token → 403
/// "The security token included in the request is invalid." (UnrecognizedClientException);
/// X-Amz-Date more than 5 minutes from now → 403 "Signature expired: ..." / "Signature not yet
/// current: ..." (InvalidSignatureException); presigned URLs past X-Amz-Expires → 403; a
/// mismatch → 403 InvalidSignatureException with the canonical string and string to sign, as
/// AWS prints them; a caller whose policy does not cover the method ARN → 403 "User: <arn> is
/// not authorized to perform: execute-api:Invoke on resource: <arn>". Fills
/// $context.identity.{accessKey, accountId, caller, user, userArn}.
/// Reads: x-gw.identities {accessKeyId, secretAccessKey, sessionToken, allow: [action or ARN
/// patterns]}.
/// Differences: the credential scope's region is not checked against a deployment region.

#include <string>
#include <vector>

#include "core/auth/policy.h"
#include "core/auth/verdict.h"
#include "core/model/api.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::auth {

class IamCheck {
 public:
  explicit IamCheck(const model::Api& api);
  Verdict run(pipeline::Exchange& ex) const;

 private:
  struct Caller {
    const model::Identity* identity;
    Policy policy;
  };
  const Caller* find(std::string_view access_key) const;

  std::vector<Caller> callers_;
};

}  // namespace gw::auth
