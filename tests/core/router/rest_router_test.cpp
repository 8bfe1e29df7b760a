#include "core/router/rest_router.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/core/router/router_test_util.h"

using gw::model::Operation;
using gw::router::RestRouter;
using gw::router::testing::make_op;
using gw::router::testing::param;

namespace {

/// "METHOD path" of the matched operation, or "none".
std::string route(const RestRouter& r, std::string_view method, std::string_view path) {
  auto m = r.match(method, path);
  return m ? m->op->operation_id : "none";
}


}  // namespace

TEST_SUITE("gw::router::RestRouter") {
  TEST_CASE("a literal child beats a param child beats a greedy child") {
    std::vector<Operation> ops{make_op("GET", "/pets"), make_op("GET", "/pets/{id}"),
                               make_op("GET", "/pets/mine"), make_op("GET", "/{proxy+}")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/pets") == "GET /pets");
    CHECK(route(r, "GET", "/pets/mine") == "GET /pets/mine");
    CHECK(route(r, "GET", "/pets/7") == "GET /pets/{id}");
    CHECK(param(r, "GET", "/pets/7", "id") == "7");
    CHECK(route(r, "GET", "/pets/7/toys") == "GET /{proxy+}");
    CHECK(param(r, "GET", "/pets/7/toys", "proxy") == "pets/7/toys");
    auto m = r.match("GET", "/pets/7");
    REQUIRE(m);
    CHECK(m->resource_path == "/pets/{id}");
    CHECK(m->path_params.size() == 1);
    auto lit = r.match("GET", "/pets");
    REQUIRE(lit);
    CHECK(lit->path_params.empty());
    CHECK(lit->resource_path == "/pets");
  }

  TEST_CASE("backtracking: a dead-end literal branch falls back to the param branch") {
    std::vector<Operation> ops{make_op("GET", "/a/b/c"), make_op("GET", "/a/{x}/d")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/a/b/c") == "GET /a/b/c");
    CHECK(route(r, "GET", "/a/b/d") == "GET /a/{x}/d");
    auto m = r.match("GET", "/a/b/d");
    REQUIRE(m);
    REQUIRE(m->path_params.size() == 1);  // no leftover params from the abandoned branch
    CHECK(m->path_params[0].second == "b");
    CHECK(route(r, "GET", "/a/b/e") == "none");
  }

  TEST_CASE("backtracking: literal and param branches dead-end, then the greedy one") {
    std::vector<Operation> ops{make_op("GET", "/a/b/c"), make_op("GET", "/a/{x}/c"),
                               make_op("GET", "/a/{proxy+}")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/a/b/z") == "GET /a/{proxy+}");
    auto m = r.match("GET", "/a/b/z");
    REQUIRE(m);
    REQUIRE(m->path_params.size() == 1);
    CHECK(m->path_params[0] == std::pair<std::string, std::string>{"proxy", "b/z"});
    CHECK(route(r, "GET", "/a/q/c") == "GET /a/{x}/c");
  }

  TEST_CASE("method: exact first, else ANY; case-sensitive; HEAD is not GET (fact 1)") {
    std::vector<Operation> ops{make_op("GET", "/pets"), make_op("ANY", "/pets"),
                               make_op("GET", "/only-get")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/pets") == "GET /pets");
    CHECK(route(r, "POST", "/pets") == "ANY /pets");
    CHECK(route(r, "HEAD", "/pets") == "ANY /pets");
    CHECK(route(r, "HEAD", "/only-get") == "none");
    CHECK(route(r, "get", "/only-get") == "none");
    CHECK(route(r, "get", "/pets") == "none");  // ANY answers real methods only
    CHECK(route(r, "POST", "/only-get") == "none");
  }

  TEST_CASE("fact 1: unknown resource, method-less resource, missing method: all no match") {
    std::vector<Operation> ops{make_op("GET", "/a/b"), make_op("GET", "/pets"),
                               make_op("ANY", "/{proxy+}")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/a") == "none");  // /a exists (implicit parent) without methods
    // The resource is chosen by path first: /pets exists, so POST does not fall to /{proxy+}.
    CHECK(route(r, "POST", "/pets") == "none");
    CHECK(route(r, "POST", "/cats") == "ANY /{proxy+}");
    RestRouter empty(std::vector<Operation>{});
    CHECK(route(empty, "GET", "/") == "none");
    CHECK(route(empty, "GET", "/x") == "none");
  }

  TEST_CASE("fact 4: trailing slash matches {proxy+} without the slash, and literals") {
    std::vector<Operation> ops{make_op("GET", "/{proxy+}"), make_op("GET", "/pets")};
    RestRouter r(ops);
    CHECK(param(r, "GET", "/proxy-value/", "proxy") == "proxy-value");
    CHECK(param(r, "GET", "/a/b///", "proxy") == "a/b");
    CHECK(route(r, "GET", "/pets/") == "GET /pets");
    CHECK(route(r, "GET", "/") == "none");  // {proxy+} needs at least one segment
  }

  TEST_CASE("root resource") {
    std::vector<Operation> ops{make_op("GET", "/"), make_op("GET", "/{proxy+}")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/") == "GET /");
    CHECK(route(r, "GET", "") == "GET /");
    CHECK(route(r, "GET", "//") == "GET /");
    auto m = r.match("GET", "/");
    REQUIRE(m);
    CHECK(m->resource_path == "/");
    CHECK(m->path_params.empty());
  }

  TEST_CASE("fact 5: doubled slashes are skipped between segments, kept inside greedy") {
    std::vector<Operation> ops{make_op("GET", "/{proxy+}"), make_op("GET", "/hardcoded"),
                               make_op("GET", "/pets/{id}")};
    RestRouter r(ops);
    CHECK(param(r, "GET", "//proxy-value", "proxy") == "proxy-value");
    CHECK(route(r, "GET", "//hardcoded") == "GET /hardcoded");
    CHECK(param(r, "GET", "/proxy-value//double-slash", "proxy") == "proxy-value//double-slash");
    CHECK(param(r, "GET", "/pets//7", "id") == "7");
  }

  TEST_CASE("fact 6: path parameters are not URL-decoded") {
    std::vector<Operation> ops{make_op("GET", "/user/{email}/plus/{alias}")};
    RestRouter r(ops);
    const char* path = "/user/test%2Balias@gmail.com/plus/test+alias@gmail.com";
    CHECK(param(r, "GET", path, "email") == "test%2Balias@gmail.com");
    CHECK(param(r, "GET", path, "alias") == "test+alias@gmail.com");
  }

  TEST_CASE("a literal segment matches its percent-encoded form too") {
    std::vector<Operation> ops{make_op("GET", "/a b"), make_op("GET", "/x/{p}")};
    RestRouter r(ops);
    CHECK(route(r, "GET", "/a%20b") == "GET /a b");
    CHECK(route(r, "GET", "/%61%20b") == "GET /a b");
    CHECK(route(r, "GET", "/a%20c") == "none");
    CHECK(param(r, "GET", "/x/a%20b", "p") == "a%20b");
  }

  TEST_CASE("a node with many literal children (hash index) routes every child") {
    std::vector<Operation> ops;
    for (int i = 0; i < 100; ++i) {
      ops.push_back(make_op("GET", "/r" + std::to_string(i) + "/items"));
    }
    ops.push_back(make_op("GET", "/{other}/items"));
    RestRouter r(ops);
    for (int i = 0; i < 100; ++i) {
      std::string p = "/r" + std::to_string(i) + "/items";
      CHECK(route(r, "GET", p) == "GET " + p);
    }
    CHECK(route(r, "GET", "/r%31/items") == "GET /r1/items");
    CHECK(route(r, "GET", "/zzz/items") == "GET /{other}/items");
    CHECK(param(r, "GET", "/zzz/items", "other") == "zzz");
  }

  TEST_CASE("resources() lists paths with methods, sorted") {
    std::vector<Operation> ops{make_op("POST", "/b"), make_op("GET", "/b"),
                               make_op("GET", "/a/{id}"), make_op("GET", "/b")};
    RestRouter r(ops);
    auto list = r.resources();
    REQUIRE(list.size() == 2);
    CHECK(list[0].path == "/a/{id}");
    CHECK(list[1].path == "/b");
    CHECK(list[1].methods == std::vector<std::string>{"GET", "POST"});
    CHECK(&*r.match("GET", "/b")->op == &ops[1]);  // the first duplicate wins
  }

  TEST_CASE("benchmark: 1M matches over a 500-path tree" * doctest::skip()) {
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
    auto bench = [](const RestRouter& r, const std::vector<std::string>& reqs) {
      constexpr size_t kN = 1'000'000;
      size_t hits = 0;
      auto start = std::chrono::steady_clock::now();
      for (size_t i = 0; i < kN; ++i) {
        hits += r.match("GET", reqs[i % reqs.size()]).has_value() ? 1 : 0;
      }
      auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start);
      CHECK(hits == kN);
      return ns.count() / kN;
    };
    RestRouter big(ops);
    std::vector<Operation> one{make_op("GET", "/service0/{id}/items/{item}")};
    RestRouter small(one);
    std::printf("RestRouter: %zu ops %.1f ns/match; 1 op %.1f ns/match\n", ops.size(),
                bench(big, paths), bench(small, {"/service0/42/items/7"}));
  }
}
