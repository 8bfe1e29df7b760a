#include "core/router/domain_map.h"

#include <doctest/doctest.h>

using gw::router::DomainMap;
using gw::router::normalise_base_path;

namespace {

gw::model::Domain domain(std::initializer_list<std::pair<std::string, std::string>> mappings) {
  gw::model::Domain d;
  for (const auto& [base, stage] : mappings) {
    d.mappings[base] = gw::model::DomainMapping{".", stage, {}};
  }
  return d;
}

}  // namespace

TEST_SUITE("gw::router::DomainMap") {
  TEST_CASE("base paths are whole segments, the longest wins, the empty one takes the rest") {
    // AWS, "API mappings for custom domain names": /orders and /users of one domain to
    // different stages (the lesson's api.example.com example), v1/orders multi-level.
    std::map<std::string, gw::model::Domain> domains;
    domains["api.example.test"] = domain({{"orders", "prod"}, {"v1/orders", "v1"}, {"(none)", "root"}});
    const DomainMap map(domains);
    auto orders = map.match("api.example.test", "/orders/42");
    REQUIRE(orders);
    CHECK(orders->stage == "prod");
    CHECK(orders->base_path == "/orders");
    CHECK(orders->rest == "/42");
    auto bare = map.match("api.example.test", "/orders");
    REQUIRE(bare);
    CHECK(bare->stage == "prod");
    CHECK(bare->rest == "/");
    CHECK(map.match("api.example.test", "/v1/orders/x")->stage == "v1");
    auto other = map.match("api.example.test", "/ordersx");
    REQUIRE(other);
    CHECK(other->stage == "root");  // not /orders: segments are whole
    CHECK(other->rest == "/ordersx");
  }

  TEST_CASE("a domain without an empty base path maps nothing else; other hosts are not domains") {
    std::map<std::string, gw::model::Domain> domains;
    domains["API.Example.test"] = domain({{"orders", "prod"}});
    const DomainMap map(domains);
    CHECK(map.serves("api.example.TEST:3000"));
    CHECK_FALSE(map.match("api.example.test:3000", "/users"));
    CHECK(map.match("api.example.test:3000", "/orders/1"));
    CHECK_FALSE(map.serves("localhost:3000"));
    CHECK_FALSE(map.serves("[::1]:3000"));
    CHECK_FALSE(map.match("127.0.0.1", "/orders"));
  }

  TEST_CASE("base path spellings") {
    CHECK(normalise_base_path("(none)").empty());
    CHECK(normalise_base_path("/").empty());
    CHECK(normalise_base_path("").empty());
    CHECK(normalise_base_path("orders") == "/orders");
    CHECK(normalise_base_path("/v1//orders/") == "/v1/orders");
  }
}
