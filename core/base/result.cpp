#include "core/base/result.h"

namespace gw {

std::string SourceLoc::str() const {
  if (!file) {
    return {};
  }
  if (line == 0) {
    return *file;
  }
  return *file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Error::str() const {
  std::string pos = where.str();
  return pos.empty() ? message : pos + ": " + message;
}

}  // namespace gw
