#pragma once

/// Standard base64 (RFC 4648, with padding): Lambda payloads' binary bodies, contentHandling,
/// `$util.base64Encode`.

#include <optional>
#include <string>
#include <string_view>

namespace gw {

std::string base64_encode(std::string_view bytes);
/// nullopt when text is not valid base64 (whitespace is skipped, padding optional).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace gw
