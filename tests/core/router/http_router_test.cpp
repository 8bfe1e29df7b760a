#include "core/router/http_router.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/core/router/router_test_util.h"

using gw::model::Operation;
using gw::router::HttpRouter;
using gw::router::testing::make_default_route;
using gw::router::testing::make_op;
using gw::router::testing::param;

namespace {

/// The matched route key, or "none".
std::string route(const HttpRouter& r, std::string_view method, std::string_view path) {
  auto m = r.match(method, path);
  return m ? m->resource_path : "none";
}


}  // namespace

TEST_SUITE("gw::router::HttpRouter") {
  TEST_CASE("fact 3: full match, then greedy, then $default (docs example)") {
    std::vector<Operation> ops{make_op("GET", "/pets/dog/1"), make_op("GET", "/pets/dog/{id}"),
                               make_op("GET", "/pets/{proxy+}"), make_op("ANY", "/{proxy+}"),
                               make_default_route()};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets/dog/1") == "GET /pets/dog/1");
    CHECK(route(r, "GET", "/pets/dog/2") == "GET /pets/dog/{id}");
    CHECK(param(r, "GET", "/pets/dog/2", "id") == "2");
    CHECK(route(r, "GET", "/pets/cat/1") == "GET /pets/{proxy+}");
    CHECK(param(r, "GET", "/pets/cat/1", "proxy") == "cat/1");
    CHECK(route(r, "POST", "/pets/cat/1") == "ANY /{proxy+}");
    CHECK(route(r, "GET", "/") == "$default");  // greedy needs a segment
    auto m = r.match("PATCH", "/");
    REQUIRE(m);
    CHECK(m->op == &ops[4]);
    CHECK(m->path_params.empty());
  }

  TEST_CASE("fact 3: a full match with params beats a greedy route with more literals") {
    std::vector<Operation> ops{make_op("GET", "/pets/{proxy+}"), make_op("GET", "/{a}/{b}")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets/x") == "GET /{a}/{b}");
    CHECK(route(r, "GET", "/pets/x/y") == "GET /pets/{proxy+}");
  }

  TEST_CASE("most specific: a literal segment beats a param, from the left") {
    std::vector<Operation> ops{make_op("GET", "/pets/{id}"), make_op("GET", "/pets/dog"),
                               make_op("GET", "/{kind}/dog")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets/dog") == "GET /pets/dog");
    CHECK(route(r, "GET", "/pets/cat") == "GET /pets/{id}");
    CHECK(route(r, "GET", "/cats/dog") == "GET /{kind}/dog");
  }

  TEST_CASE("fact 3: ANY matches only methods the route does not define") {
    std::vector<Operation> ops{make_op("GET", "/pets"), make_op("ANY", "/pets")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets") == "GET /pets");
    CHECK(route(r, "DELETE", "/pets") == "ANY /pets");
    CHECK(r.match("DELETE", "/pets")->op == &ops[1]);
  }

  TEST_CASE("a route is chosen with its method: a literal without it falls to a param") {
    std::vector<Operation> ops{make_op("POST", "/pets/dog"), make_op("GET", "/pets/{id}")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets/dog") == "GET /pets/{id}");
    CHECK(route(r, "POST", "/pets/dog") == "POST /pets/dog");
    CHECK(route(r, "PUT", "/pets/dog") == "none");
  }

  TEST_CASE("sibling params with different names: each route keeps its own name") {
    std::vector<Operation> ops{make_op("GET", "/pets/{id}"), make_op("DELETE", "/pets/{petId}")};
    HttpRouter r(ops);
    CHECK(param(r, "GET", "/pets/3", "id") == "3");
    CHECK(param(r, "DELETE", "/pets/3", "petId") == "3");
    CHECK(r.match("DELETE", "/pets/3")->path_params.size() == 1);
  }

  TEST_CASE("fact 2: no route and no $default gives no match") {
    std::vector<Operation> ops{make_op("GET", "/pets")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/cats") == "none");
    CHECK(route(r, "get", "/pets") == "none");   // method names are case-sensitive
    CHECK(route(r, "HEAD", "/pets") == "none");  // HEAD is not GET
  }

  TEST_CASE("$default is last and catches every method") {
    std::vector<Operation> ops{make_default_route(), make_op("GET", "/pets")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets") == "GET /pets");
    CHECK(route(r, "POST", "/pets") == "$default");
    CHECK(route(r, "BREW", "/x/y") == "$default");
  }

  TEST_CASE("trailing slash: /pets/ is not /pets; only a greedy route catches it") {
    std::vector<Operation> ops{make_op("GET", "/pets"), make_op("GET", "/pets/{id}")};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/pets/") == "none");
    CHECK(route(r, "GET", "//pets") == "none");
    CHECK(route(r, "GET", "/pets//1") == "none");
    std::vector<Operation> ops2{make_op("GET", "/pets"), make_op("ANY", "/{proxy+}")};
    HttpRouter r2(ops2);
    CHECK(route(r2, "GET", "/pets/") == "ANY /{proxy+}");
    CHECK(param(r2, "GET", "/pets/", "proxy") == "pets/");
    CHECK(param(r2, "GET", "/a//b", "proxy") == "a//b");
  }

  TEST_CASE("path parameters are percent-decoded, '+' kept (docs: http-api-develop-routes)") {
    std::vector<Operation> ops{make_op("GET", "/users/{email}"), make_op("GET", "/files/{p+}")};
    HttpRouter r(ops);
    CHECK(param(r, "GET", "/users/test%2Balias%40x.com", "email") == "test+alias@x.com");
    CHECK(param(r, "GET", "/users/a+b", "email") == "a+b");
    CHECK(param(r, "GET", "/files/a%20b/c", "p") == "a b/c");
  }

  TEST_CASE("root route and route keys without route_key") {
    Operation root;
    root.method = "GET";
    root.path = "/";
    root.operation_id = "root";
    std::vector<Operation> ops{root};
    HttpRouter r(ops);
    CHECK(route(r, "GET", "/") == "GET /");
    CHECK(route(r, "GET", "") == "GET /");
    CHECK(route(r, "GET", "/x") == "none");
  }

  TEST_CASE("many routes under one node") {
    std::vector<Operation> ops;
    for (int i = 0; i < 50; ++i) {
      ops.push_back(make_op("GET", "/v1/r" + std::to_string(i)));
    }
    HttpRouter r(ops);
    for (int i = 0; i < 50; ++i) {
      CHECK(route(r, "GET", "/v1/r" + std::to_string(i)) == "GET /v1/r" + std::to_string(i));
    }
    CHECK(route(r, "GET", "/v1/r50") == "none");
  }

  TEST_CASE("benchmark: 1M matches over a 500-route API" * doctest::skip()) {
    std::vector<Operation> ops;
    std::vector<std::string> paths;
    for (int i = 0; i < 125; ++i) {
      std::string base = "/service" + std::to_string(i);
      for (const char* suffix : {"", "/{id}", "/{id}/items", "/{id}/items/{item}"}) {
        ops.push_back(make_op("GET", base + suffix));
      }
      paths.push_back(base + "/42/items/7");
      paths.push_back(base + "/42");
    }
    HttpRouter r(ops);
    size_t hits = 0;
    constexpr size_t kN = 1'000'000;
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < kN; ++i) {
      hits += r.match("GET", paths[i % paths.size()]).has_value() ? 1 : 0;
    }
    auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start);
    CHECK(hits == kN);
    std::printf("HttpRouter: %zu routes, %.1f ns/match\n", ops.size(), ns.count() / kN);
  }
}
