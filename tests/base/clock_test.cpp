#include "core/base/clock.h"

#include <doctest/doctest.h>

TEST_SUITE("gw::clock") {
  TEST_CASE("uuid is version 4 and 36 characters") {
    gw::SeededRandom r(42);
    std::string id = gw::make_uuid(r);
    CHECK(id.size() == 36);
    CHECK(id[14] == '4');
    CHECK(id[8] == '-');
  }
  TEST_CASE("extended id is 16 characters ending in '='") {
    // AWS_BEHAVIOUR.md fact 76.
    gw::SeededRandom r(1);
    std::string id = gw::make_extended_id(r);
    CHECK(id.size() == 16);
    CHECK(id.back() == '=');
  }
  TEST_CASE("time formats") {
    auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1583349317123));
    CHECK(gw::format_clf_time(t) == "04/Mar/2020:19:15:17 +0000");
    CHECK(gw::format_http_date(t) == "Wed, 04 Mar 2020 19:15:17 GMT");
    CHECK(gw::format_iso8601(t) == "2020-03-04T19:15:17.123Z");
    CHECK(gw::epoch_ms(t) == 1583349317123);
  }
}
