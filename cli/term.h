#pragma once

/// Terminal helpers: colour only on a TTY and never when NO_COLOR is set.

#include <cstdio>
#include <string>
#include <string_view>

namespace gw::cli {

enum class Colour { Red, Green, Yellow, Cyan, Bold, Dim };

/// True when `stream` is a terminal and NO_COLOR is unset (or empty).
bool colour_enabled(std::FILE* stream);
/// `text` wrapped in the ANSI sequence for `colour` when `on`.
std::string paint(std::string_view text, Colour colour, bool on);
/// `text` padded with spaces to `width` columns (never truncated).
std::string pad(std::string_view text, size_t width);

}  // namespace gw::cli
