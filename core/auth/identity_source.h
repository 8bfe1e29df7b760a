#pragma once

/// Authorizer identity sources: where a Lambda, Cognito or JWT authorizer finds the caller's
/// identity in a request.
///
/// REST: `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`,
/// `context.X` (comma-separated for REQUEST authorizers). HTTP APIs: `$request.header.X`,
/// `$request.querystring.X`, `$stageVariables.X`, `$context.X` (fact 55, fact 57).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::pipeline {
class Exchange;
}

namespace gw::auth {

struct IdentitySource {
  enum class Kind { Header, Query, StageVariable, Context };
  Kind kind = Kind::Header;
  std::string name;  ///< header / parameter / variable name
  std::string text;  ///< as written in the spec
};

/// Parses a comma-separated list; entries gw does not recognise are skipped.
std::vector<IdentitySource> parse_identity_sources(std::string_view spec);

/// The source's value in the request, or nullopt when it is absent or empty (fact 52, 57: an
/// absent or empty identity source means 401 without invoking the authorizer).
std::optional<std::string> identity_value(const IdentitySource& source,
                                          const pipeline::Exchange& ex);

}  // namespace gw::auth
