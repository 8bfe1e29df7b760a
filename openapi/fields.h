#pragma once

/// Typed reads of Node values with positioned errors ("x-gw.stages.prod.throttling.rateLimit:
/// expected a number, got string") and the conversion context shared by the converters.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "openapi/loader.h"
#include "openapi/node.h"
#include "openapi/refs.h"

namespace gw::openapi {

/// What every converter needs: the resolver and the warnings list.
struct Ctx {
  RefResolver& refs;
  std::vector<Warning>& warnings;
  /// timeoutInMillis values to check once the API type is known.
  std::vector<std::pair<int, SourceLoc>> timeouts = {};

  /// Adds "unknown <what> 'key'" warnings for keys of `map` not in `known` (did-you-mean hint).
  void warn_unknown_keys(const Node& map, std::span<const std::string_view> known,
                         std::string_view what);
};

/// "expected a string, got map" as an error at `n`.
std::unexpected<Error> type_error(const Node& n, std::string_view what, std::string_view want);

Result<std::string> read_string(const Node& n, std::string_view what);
Result<double> read_number(const Node& n, std::string_view what);
Result<int> read_int(const Node& n, std::string_view what);
Result<bool> read_bool(const Node& n, std::string_view what);
/// A list of scalars (a single scalar counts as a list of one).
Result<std::vector<std::string>> read_string_list(const Node& n, std::string_view what);
/// A map of scalars.
Result<std::map<std::string, std::string>> read_string_map(const Node& n, std::string_view what);
/// Where each value's text of a map of strings starts (a block scalar's first content line, a
/// quoted string's first character): the origin of mapping templates.
std::map<std::string, SourceLoc> text_origins(const Node& n);
/// Fails unless `n` is a map.
Result<bool> expect_map(const Node& n, std::string_view what);

/// A string that must not hold CloudFormation/Terraform placeholders (`${AWS::Region}`,
/// `${var.x}`, `${Fn.Arn}`); `${stageVariables.x}` and `${request...}`-free text pass.
Result<std::string> read_literal(const Node& n, std::string_view what);

}  // namespace gw::openapi
