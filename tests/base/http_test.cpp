#include "core/base/http.h"

#include <doctest/doctest.h>

TEST_SUITE("gw::Headers") {
  TEST_CASE("lookups ignore case and keep the sender's casing") {
    gw::Headers h;
    h.add("tEsT-HEADeR", "1");
    h.add("X-Multi", "a");
    h.add("x-multi", "b");
    CHECK(h.get("test-header") == "1");
    CHECK(h.entries()[0].first == "tEsT-HEADeR");
    CHECK(h.get_all("X-MULTI").size() == 2);
  }
  TEST_CASE("set replaces every entry of a name") {
    gw::Headers h;
    h.add("A", "1");
    h.add("b", "2");
    h.add("a", "3");
    h.set("a", "4");
    REQUIRE(h.size() == 2);
    CHECK(h.get("A") == "4");
    CHECK(h.remove("B") == 1);
  }
}
