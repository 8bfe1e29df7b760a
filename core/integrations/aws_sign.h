#pragma once

/// Signs an outgoing AWS service call with Signature Version 4 (the same canonical request,
/// string to sign and key derivation gw verifies for AWS_IAM methods, core/auth/sigv4.h):
/// adds Host, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token (when a session token
/// is set) and Authorization.

#include <chrono>
#include <string>

#include "core/integrations/http_client.h"
#include "core/model/config.h"

namespace gw::integrations {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

/// x-gw.awsServices' keys, else $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY /
/// $AWS_SESSION_TOKEN, else LocalStack's conventional "test" / "test".
AwsCredentials credentials_of(const model::GwConfig& gw);

void sign_aws_call(HttpCall& call, const AwsCredentials& credentials, std::string_view region,
                   std::string_view service, std::chrono::system_clock::time_point now);

}  // namespace gw::integrations
