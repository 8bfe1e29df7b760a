#pragma once

/// Lambda integration URIs → function names, as API Gateway resolves them.
///
/// Accepts `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<target>/invocations`,
/// a function ARN `arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]`, a
/// partial ARN `<account>:function:<name>` and a plain name `<name>[:<alias>]`. The alias or
/// version qualifier is dropped: gw runs one local copy per function.

#include <optional>
#include <string>
#include <string_view>

namespace gw::integrations {

/// The function name a Lambda integration uri names, or nullopt when it names none.
std::optional<std::string> lambda_function_name(std::string_view uri);

}  // namespace gw::integrations
