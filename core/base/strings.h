#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::string_view trim(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);
/// Splits on every `sep`; keeps empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);
/// Splitting a temporary string would return views into freed memory (ASan found one in the
/// JWT scope parser): refused at compile time.
std::vector<std::string_view> split(std::string&& s, char sep) = delete;

/// Decodes %XX escapes; malformed escapes are kept as they are.
std::string percent_decode(std::string_view s);
/// application/x-www-form-urlencoded decoding: '+' is a space, then %XX escapes.
std::string form_decode(std::string_view s);
/// Encodes everything but RFC 3986 unreserved characters (and '/' when keep_slash).
std::string percent_encode(std::string_view s, bool keep_slash = false);

/// A query string split into (name, value) pairs, form-decoded, in order. A '#' ends the query.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

/// `s` safe to print on a terminal: C0 controls but tab, DEL and the C1 controls (U+0080 to
/// U+009F) become "\xNN" / "\u00NN", so a request line or a handler's output cannot move
/// the cursor, set the title or hide text. Everything else, UTF-8 included, is kept.
std::string escape_controls(std::string_view s);

/// Levenshtein distance between a and b.
size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate closest to `word` within a small distance, or "" when none is close.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace gw
