#include "core/base/json_writer.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

using gw::JsonWriter;

namespace {

std::string as_json(std::string_view s) {
  std::string out;
  gw::append_json_string(out, s);
  return out;
}

}  // namespace

TEST_SUITE("gw::JsonWriter") {
  TEST_CASE("commas and colons in nested objects and arrays") {
    JsonWriter w;
    w.begin_object().key("a").number(-12).key("b").begin_array().string("x").null();
    w.boolean(true).begin_object().end_object().begin_array().end_array().end_array();
    w.key("c").raw(R"({"k":[1]})").key("d").boolean(false).end_object();
    CHECK(w.take() == R"({"a":-12,"b":["x",null,true,{},[]],"c":{"k":[1]},"d":false})");
    CHECK(w.take().empty());  // take() leaves the writer empty, ready for the next text
    w.begin_array().string("again").end_array();
    CHECK(w.take() == R"(["again"])");
  }
  TEST_CASE("strings are escaped as JSON requires") {
    CHECK(as_json("say \"hi\"\\") == R"("say \"hi\"\\")");
    CHECK(as_json("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(as_json(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
    CHECK(as_json(std::string("a\0b", 3)) == R"("a\u0000b")");
    CHECK(as_json("é ✓ 😀") == "\"é ✓ 😀\"");  // valid UTF-8 is kept as it is
  }
  TEST_CASE("bytes that are not UTF-8 become U+FFFD, one per maximal subpart") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(as_json("\xff") == "\"" + fffd + "\"");
    CHECK(as_json("a\xE2\x82" "b") == "\"a" + fffd + "b\"");   // truncated 3-byte sequence
    CHECK(as_json("\xC0\xAF") == "\"" + fffd + fffd + "\"");   // overlong '/'
    CHECK(as_json("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // a surrogate
    CHECK(as_json("\xF4\x90\x80\x80").find("\xF4") == std::string::npos);  // above U+10FFFF
    CHECK(as_json("\xE2\x82") == "\"" + fffd + "\"");          // cut off at the end
  }
  TEST_CASE("any bytes give JSON that parses back to the same text when it was UTF-8") {
    std::mt19937 rng(7);
    for (int round = 0; round < 2000; ++round) {
      std::string s(rng() % 24, '\0');
      for (char& c : s) {
        c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 0x20 + rng() % 0x60);
      }
      JsonWriter w;
      w.begin_object().key(s).string(s).end_object();
      const std::string text = w.take();
      auto parsed = nlohmann::json::parse(text, nullptr, false);
      REQUIRE_FALSE(parsed.is_discarded());
      // nlohmann's own serializer, in the replace mode the events used, agrees byte for byte.
      nlohmann::json same = {{s, s}};
      CHECK(text == same.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
}
