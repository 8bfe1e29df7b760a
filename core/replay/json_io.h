#pragma once

/// JSON helpers the recording and HAR readers share (nlohmann stays inside core/replay).

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/http.h"
#include "core/base/result.h"
#include "core/pipeline/gateway.h"

namespace gw::replay {

using Json = nlohmann::ordered_json;

/// Writes body (text or base64) into obj["body"] / obj["bodyEncoding"].
void put_body(Json& obj, const std::string& body);
/// Reads obj["body"] with obj["bodyEncoding"]; an error names the field.
Result<std::string> get_body(const Json& obj);

/// Headers as an object: name -> value, or name -> [values] when repeated.
Json headers_to_json(const Headers& headers);
Result<Headers> headers_from_json(const Json& value);

/// {"status", "headers", "body", "bodyEncoding"}.
Json response_to_json(const Response& response);
/// {"kind", "target", "request", "response" | "error", "latencyMs"}.
Json call_to_json(const IntegrationCall& call);

/// "2026-11-25T21:10:23.123Z" (or with a ±hh:mm offset) to a time point; nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

/// The string field `key` of obj, or "" when absent or not a string.
std::string str_field(const Json& obj, std::string_view key);

}  // namespace gw::replay
