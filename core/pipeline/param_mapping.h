#pragma once

/// Parameter-mapping source expressions as API Gateway evaluates them in
/// `requestParameters`, `responseParameters` and gateway responses' `responseParameters`:
/// `'static'`, `method.request.{path,querystring,multivaluequerystring,header,multivalueheader}.X`,
/// `context.X`, `stageVariables.X`, and — when an integration response is given —
/// `integration.response.header.X` and `integration.response.body`.

#include <optional>
#include <string>
#include <string_view>

#include "core/base/http.h"

namespace gw::pipeline {

class Exchange;

/// The value of expr, or nullopt when it names something absent (the mapping is skipped).
std::optional<std::string> eval_mapping(const Exchange& ex, std::string_view expr,
                                        const Response* integration_response = nullptr);

}  // namespace gw::pipeline
