#pragma once

/// HAR 1.2 import (a browser's or proxy's "Save all as HAR"): each `log.entries[i]` becomes one
/// exchange with no integration calls. The URL's path and query become the request (scheme and
/// host dropped), `startedDateTime` the frozen time, `response.content` the expected body
/// (`encoding: base64` honoured). HAR exchanges compare status, body and only the headers gw
/// sets (a real deployment adds CDN and transport headers gw cannot know).

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/replay/recording.h"

namespace gw::replay {

/// Parses the text of a HAR file at path; entries that cannot be used go to errors.
Result<LoadedFile> load_har(const std::string& path, std::string_view text);

}  // namespace gw::replay
