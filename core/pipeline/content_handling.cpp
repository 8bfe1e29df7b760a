#include "core/pipeline/content_handling.h"

#include "core/base/base64.h"

namespace gw::pipeline {

Result<std::string> apply_content_handling(std::string_view handling, bool binary,
                                           std::string payload) {
  if (handling == "CONVERT_TO_TEXT" && binary) {
    return base64_encode(payload);
  }
  if (handling == "CONVERT_TO_BINARY" && !binary) {
    std::optional<std::string> bytes = base64_decode(payload);
    if (!bytes) {
      return fail(ErrorKind::BadInput, "CONVERT_TO_BINARY: the payload is not base64 text");
    }
    return std::move(*bytes);
  }
  return payload;
}

}  // namespace gw::pipeline
