#pragma once

/// JSON documents that libyaml rejects (a few valid JSON texts are not valid YAML 1.1) are
/// read with nlohmann::json instead. Its nodes carry only the document's position.

#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "openapi/node.h"

namespace gw::openapi {

/// Parses JSON `text`; errors are positioned (line:col computed from nlohmann's byte offset).
Result<Node> parse_json_fallback(std::string_view text,
                                 const std::shared_ptr<const std::string>& file);

/// Checks that `text` is strict JSON (libyaml also accepts YAML-only forms such as trailing
/// commas); the error is positioned at the offending byte.
Result<bool> validate_json(std::string_view text, const std::shared_ptr<const std::string>& file);

}  // namespace gw::openapi
