#pragma once

/// Authorizer identity sources: where a Lambda, Cognito or JWT authorizer finds the caller's
/// identity in a request.
///
/// REST: `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`,
/// `context.X` (comma-separated for REQUEST authorizers). HTTP APIs: `$request.header.X`,
/// `$request.querystring.X`, `$stageVariables.X`, `$context.X` (fact 55, fact 57). A header
/// sent several times is every value, comma-joined.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline/value_expr.h"

namespace gw::auth {

using IdentitySource = pipeline::ValueExpr;

/// Parses a comma-separated list (either dialect); entries that name no header, query
/// parameter, stage variable or context variable are skipped.
std::vector<IdentitySource> parse_identity_sources(std::string_view spec);

/// The source's value in the request, or nullopt when it is absent or empty (fact 52, 57: an
/// absent or empty identity source means 401 without invoking the authorizer).
std::optional<std::string> identity_value(const IdentitySource& source,
                                          const pipeline::Exchange& ex);

}  // namespace gw::auth
