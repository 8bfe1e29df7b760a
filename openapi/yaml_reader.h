#pragma once

/// YAML (and JSON) text -> positioned Node tree, built from libyaml's event stream.

#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Parses the first document of `text`. `file` names the source in every node's position.
/// Errors are ErrorKind::BadInput positioned at the problem (libyaml's message), including
/// duplicate mapping keys. JSON documents libyaml cannot read fall back to nlohmann::json.
Result<Node> parse_yaml(std::string_view text, std::shared_ptr<const std::string> file);

}  // namespace gw::openapi
