#include "openapi/schema_formats.h"

#include <doctest/doctest.h>

#include <string>

using gw::openapi::matches_format;

TEST_SUITE("gw::openapi::matches_format") {
  TEST_CASE("date-time is RFC 3339 with the day checked against its month") {
    CHECK(matches_format("date-time", "2022-07-18T16:52:45Z"));
    CHECK(matches_format("date-time", "2022-07-18T16:52:45.123456+05:30"));
    CHECK(matches_format("date-time", "2024-02-29t23:59:60z"));
    CHECK(!matches_format("date-time", "2023-02-29T00:00:00Z"));
    CHECK(!matches_format("date-time", "1900-02-29T00:00:00Z"));
    CHECK(matches_format("date-time", "2000-02-29T00:00:00Z"));
    CHECK(!matches_format("date-time", "2022-13-01T00:00:00Z"));
    CHECK(!matches_format("date-time", "2022-07-18T16:52:45"));
    CHECK(!matches_format("date-time", "2022-07-18T16:52:45.Z"));
    CHECK(!matches_format("date-time", "2022-07-18T16:52:45+0530"));
    CHECK(!matches_format("date-time", ""));
    CHECK(!matches_format("date-time", std::string(100'000, '9')));
  }

  TEST_CASE("date, time, and formats gw does not check") {
    CHECK(matches_format("date", "0001-01-01"));
    CHECK(!matches_format("date", "01-01-01"));
    CHECK(matches_format("time", "00:00:00Z"));
    CHECK(!matches_format("time", "24:00:00Z"));
    CHECK(matches_format("uri", "not a uri"));
  }
}
