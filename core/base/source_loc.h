#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace gw {

/// A position in a source file (1-based line and column); `file` empty means unknown.
struct SourceLoc {
  std::shared_ptr<const std::string> file;
  uint32_t line = 0;
  uint32_t column = 0;

  bool known() const { return file != nullptr && line != 0; }
  /// "spec.yaml:12:5", or "spec.yaml" when the line is unknown, or "" when nothing is known.
  std::string str() const;
};

}  // namespace gw
