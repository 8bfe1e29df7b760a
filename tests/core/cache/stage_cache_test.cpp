#include "core/cache/stage_cache.h"

#include <doctest/doctest.h>

using gw::Response;
using gw::cache::entry_size;
using gw::cache::StageCache;
using namespace std::chrono;

namespace {

steady_clock::time_point at(int s) { return steady_clock::time_point(seconds(s)); }

Response body(std::string b) {
  Response r;
  r.body = std::move(b);
  return r;
}

}  // namespace

TEST_SUITE("gw::cache::StageCache") {
  TEST_CASE("entries live until their TTL on the injected clock") {
    StageCache c(1 << 20);
    c.put("k", body("v"), at(60));
    REQUIRE(c.get("k", at(0)).has_value());
    CHECK(c.get("k", at(59))->body == "v");
    CHECK(!c.get("k", at(60)).has_value());
    CHECK(c.entries() == 0);  // the expired entry is gone
  }

  TEST_CASE("the least recently used entry is evicted once the capacity is reached") {
    size_t one = entry_size("a", body(std::string(100, 'x')));
    StageCache c(one * 2);
    c.put("a", body(std::string(100, 'x')), at(100));
    c.put("b", body(std::string(100, 'x')), at(100));
    CHECK(c.get("a", at(0)).has_value());  // a is now the most recent
    c.put("c", body(std::string(100, 'x')), at(100));
    CHECK(c.get("a", at(0)).has_value());
    CHECK(!c.get("b", at(0)).has_value());
    CHECK(c.get("c", at(0)).has_value());
    CHECK(c.size_bytes() <= c.capacity_bytes());
  }

  TEST_CASE("an entry larger than the whole cache is not stored; put replaces; erase drops") {
    StageCache c(50);
    c.put("big", body(std::string(100, 'x')), at(100));
    CHECK(c.entries() == 0);
    c.put("k", body("1"), at(100));
    c.put("k", body("2"), at(100));
    CHECK(c.entries() == 1);
    CHECK(c.get("k", at(0))->body == "2");
    c.erase("k");
    CHECK(!c.get("k", at(0)).has_value());
    CHECK(c.size_bytes() == 0);
  }
}
