#pragma once

/// The recording format (DESIGN.md §6, man gw-replay(1)): JSON Lines, one exchange per line,
/// `{"v":1, "id", "time", "api", "stage", "route", "request", "integrations", "response"}`, plus
/// `"canary": true, "deploymentId"` for a request a stage's canary served.
/// Bodies are text when valid UTF-8, else base64 (`bodyEncoding: "base64"`). Readers reject any
/// other version with a file:line error and skip the line; the rest of the file still loads.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"

namespace gw::replay {

inline constexpr int kFormatVersion = 1;

/// One recorded exchange: the request as it arrived, the backend calls made, the response.
struct Recorded {
  std::string id;
  std::chrono::system_clock::time_point time;  ///< ms precision: the clock replay freezes at
  std::string api;
  std::string stage;
  std::string route;  ///< "GET /pets/{petId}" (REST) or the route key (HTTP), "" if unmatched
  Request request;
  std::vector<IntegrationCall> integrations;
  Response response;
  bool from_har = false;  ///< imported from HAR: headers only gw sets are compared
  /// Served by the stage's canary deployment (`"canary": true`, with `"deploymentId"`): replay
  /// sends it to the canary again.
  bool canary = false;
  std::string canary_deployment_id;
};

/// Where an exchange came from, for messages and --update.
struct Entry {
  std::string file;
  size_t line = 0;  ///< 1-based; the HAR entry's index + 1 for HAR files
  Recorded exchange;
};

/// What a file yielded: its exchanges and the lines that could not be read (already positioned).
struct LoadedFile {
  std::string path;
  bool har = false;
  std::vector<Entry> entries;
  std::vector<Error> errors;
};

/// One JSON line (no trailing newline) for the exchange.
std::string to_line(const Recorded& exchange);
/// Parses one line; errors carry no position (the caller adds file:line).
Result<Recorded> parse_line(std::string_view line);

/// Reads a recording (JSON Lines) or, for a `.har` file or a JSON document with `log.entries`,
/// a HAR 1.2 file. Unreadable files are an error; bad lines go to LoadedFile::errors.
Result<LoadedFile> load_file(const std::string& path);
/// Every recording under path: the file itself, or a folder's *.jsonl / *.har files (sorted,
/// recursive).
Result<std::vector<std::string>> expand_path(const std::string& path);

/// The seed of the per-exchange random source (request ids): FNV-1a of the exchange id.
uint64_t seed_for(std::string_view id);

/// Body to JSON fields: "body" plus "bodyEncoding" ("text" or "base64").
bool is_valid_utf8(std::string_view s);

}  // namespace gw::replay
