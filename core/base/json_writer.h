#pragma once

/// JSON text built by appending, for hot paths where a DOM's allocations show: the Lambda
/// events gw builds for every proxy invocation (a DOM costs one allocation per key and value).
/// The writer places commas and colons; strings are escaped as JSON requires, and bytes that
/// are not valid UTF-8 become U+FFFD, as nlohmann's error_handler_t::replace does, so the text
/// is always valid JSON.

#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

/// Appends s as a JSON string literal (quotes included) to out.
void append_json_string(std::string& out, std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(std::size_t reserve = 0) { out_.reserve(reserve); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// An object member's name; its value is the next thing written.
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view s);
  JsonWriter& number(long long n);
  JsonWriter& boolean(bool b);
  JsonWriter& null();
  /// A value that is already JSON text (not checked).
  JsonWriter& raw(std::string_view json);

  /// The text written so far; the writer is empty afterwards.
  std::string take();

 private:
  void separate();  ///< the comma before every value but the first of its container

  std::string out_;
  bool first_ = true;       ///< nothing written yet in the innermost open container
  bool after_key_ = false;  ///< a key was written: its value follows without a comma
};

}  // namespace gw
