#include "cli/term.h"

#include <unistd.h>

#include <cstdlib>

namespace gw::cli {

bool colour_enabled(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  return isatty(fileno(stream)) != 0;
}

std::string paint(std::string_view text, Colour colour, bool on) {
  if (!on) {
    return std::string(text);
  }
  const char* code = "";
  switch (colour) {
    case Colour::Red:
      code = "31";
      break;
    case Colour::Green:
      code = "32";
      break;
    case Colour::Yellow:
      code = "33";
      break;
    case Colour::Cyan:
      code = "36";
      break;
    case Colour::Bold:
      code = "1";
      break;
    case Colour::Dim:
      code = "2";
      break;
  }
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string pad(std::string_view text, size_t width) {
  std::string out(text);
  if (out.size() < width) {
    out.append(width - out.size(), ' ');
  }
  return out;
}

}  // namespace gw::cli
