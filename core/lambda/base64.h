#pragma once

/// Standard base64 (RFC 4648, with padding) for Lambda payloads' binary bodies.

#include <optional>
#include <string>
#include <string_view>

namespace gw::lambda {

std::string base64_encode(std::string_view bytes);
/// nullopt when text is not valid base64 (whitespace is skipped, padding optional).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace gw::lambda
