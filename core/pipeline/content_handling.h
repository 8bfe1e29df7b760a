#pragma once

/// contentHandling on integration requests and responses (REST): CONVERT_TO_TEXT base64-encodes
/// a binary payload, CONVERT_TO_BINARY base64-decodes a text one; unset passes the payload
/// through as it is. A payload is binary when its media type matches the API's
/// binaryMediaTypes (AWS doc api-gateway-payload-encodings-workflow.md).

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw::pipeline {

/// The payload after contentHandling. Fails (→ a configuration error) when CONVERT_TO_BINARY
/// meets text that is not base64.
Result<std::string> apply_content_handling(std::string_view handling, bool binary,
                                           std::string payload);

}  // namespace gw::pipeline
