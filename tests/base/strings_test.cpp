#include "core/base/strings.h"

#include <doctest/doctest.h>

#include <array>

TEST_SUITE("gw::strings") {
  TEST_CASE("escape_controls: nothing that drives a terminal gets through, text does") {
    CHECK(gw::escape_controls("GET /a\x1b]0;pwned\x07") == "GET /a\\x1b]0;pwned\\x07");  // the title
    CHECK(gw::escape_controls("a\rb\nc\x7f") == "a\\x0db\\x0ac\\x7f");
    CHECK(gw::escape_controls("col\tumn") == "col\tumn");
    CHECK(gw::escape_controls("\xc2\x9b" "31m") == "\\u009b31m");  // C1 CSI in UTF-8
    CHECK(gw::escape_controls("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");  // UTF-8 kept
    CHECK(gw::escape_controls(std::string("\0x", 2)) == "\\x00x");
  }

  TEST_CASE("form_decode turns + into space and %2B into +") {
    // AWS_BEHAVIOUR.md fact 7: query strings are form-decoded.
    CHECK(gw::form_decode("a+b%2Bc") == "a b+c");
    CHECK(gw::percent_decode("a+b%2Bc") == "a+b+c");
  }
  TEST_CASE("malformed escapes are kept as they are") {
    CHECK(gw::percent_decode("100%") == "100%");
    CHECK(gw::percent_decode("%zz%4") == "%zz%4");
  }
  TEST_CASE("parse_query keeps order, repeats and stops at #") {
    auto q = gw::parse_query("a=1&b&a=2&zhash=abort/#rest");
    REQUIRE(q.size() == 4);
    CHECK(q[0] == std::pair<std::string, std::string>{"a", "1"});
    CHECK(q[1] == std::pair<std::string, std::string>{"b", ""});
    CHECK(q[2].second == "2");
    CHECK(q[3].second == "abort/");
  }
  TEST_CASE("did_you_mean picks the nearest close candidate") {
    std::array<std::string_view, 3> names{"http", "http_proxy", "mock"};
    CHECK(gw::did_you_mean("htttp", names) == "http");
    CHECK(gw::did_you_mean("lambda", names).empty());
  }
}
