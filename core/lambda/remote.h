#pragma once

/// Functions with `url:` in x-gw.functions: invoked through Lambda's Invoke API
/// (`POST <url>/2015-03-31/functions/<name>/invocations`), e.g. on the AWS Lambda Runtime
/// Interface Emulator or `sam local start-lambda`. A response with `X-Amz-Function-Error` is a
/// function error; no answer within the caller's timeout → ErrorKind::Timeout; unreachable →
/// ErrorKind::Failure.

#include "core/lambda/invoker.h"

namespace gw::lambda {

Result<InvokeOutput> invoke_remote(const Invocation& invocation, const std::string& request_id);

}  // namespace gw::lambda
