#include "core/jsonpath/jsonpath.h"

#include <doctest/doctest.h>

#include <string>

using gw::jsonpath::Json;

namespace {

const Json& doc() {
  static const Json d = Json::parse(R"({
    "store": {
      "book": [
        {"category": "ref", "author": "Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Waugh", "title": "Sword", "price": 12.99},
        {"category": "fiction", "author": "Melville", "title": "Moby", "isbn": "0-553",
         "price": 8.99},
        {"category": "fiction", "author": "Tolkien", "title": "LOTR", "isbn": "0-395",
         "price": 22.99}
      ],
      "bicycle": {"color": "red", "price": 19.95}
    },
    "odd key": 1,
    "n": [0, 1, 2, 3, 4, 5]
  })");
  return d;
}

/// The selection serialised as one JSON array, or "ERROR: ..." for a bad path.
std::string sel(std::string_view path) {
  auto r = gw::jsonpath::query(path, doc());
  if (!r) {
    return "ERROR: " + r.error().message;
  }
  Json out = Json::array();
  for (const Json* j : *r) {
    out.push_back(*j);
  }
  return out.dump();
}

bool definite(std::string_view path) { return gw::jsonpath::compile(path)->definite(); }

}  // namespace

TEST_SUITE("gw::jsonpath") {
  TEST_CASE("root, names, brackets, indexes") {
    Json whole = Json::array({doc()});
    CHECK(sel("$") == whole.dump());
    CHECK(sel("$.store.bicycle.color") == R"(["red"])");
    CHECK(sel("$['store']['bicycle']['color']") == R"(["red"])");
    CHECK(sel("$[\"odd key\"]") == "[1]");
    CHECK(sel("$.store.book[1].author") == R"(["Waugh"])");
    CHECK(sel("$.store.book[-1].author") == R"(["Tolkien"])");
    CHECK(sel("$.store.book[9]") == "[]");
    CHECK(sel("$.missing.deeper") == "[]");
    CHECK(sel("store.bicycle.color") == R"(["red"])");  // leading $ optional
  }

  TEST_CASE("wildcards and unions") {
    CHECK(sel("$.store.book[*].author") == R"(["Rees","Waugh","Melville","Tolkien"])");
    CHECK(sel("$.store.bicycle.*") == R"(["red",19.95])");
    CHECK(sel("$.n[0,2]") == "[0,2]");
    CHECK(sel("$.store.bicycle['color','price']") == R"(["red",19.95])");
  }

  TEST_CASE("recursive descent") {
    CHECK(sel("$..author") == R"(["Rees","Waugh","Melville","Tolkien"])");
    CHECK(sel("$.store..price") == "[8.95,12.99,8.99,22.99,19.95]");
    CHECK(sel("$..book[2].title") == R"(["Moby"])");
  }

  TEST_CASE("slices") {
    CHECK(sel("$.n[1:3]") == "[1,2]");
    CHECK(sel("$.n[:2]") == "[0,1]");
    CHECK(sel("$.n[4:]") == "[4,5]");
    CHECK(sel("$.n[-2:]") == "[4,5]");
    CHECK(sel("$.n[::2]") == "[0,2,4]");
    CHECK(sel("$.n[::-1]") == "[5,4,3,2,1,0]");
  }

  TEST_CASE("filters") {
    CHECK(sel("$.store.book[?(@.price < 10)].title") == R"(["Sayings","Moby"])");
    CHECK(sel("$.store.book[?(@.isbn)].title") == R"(["Moby","LOTR"])");
    CHECK(sel("$.store.book[?(@.category == 'fiction' && @.price > 20)].author") ==
          R"(["Tolkien"])");
    CHECK(sel("$.store.book[?(@.author == 'Rees' || @.author == \"Waugh\")].price") ==
          "[8.95,12.99]");
    CHECK(sel("$.store.book[?(!(@.price > 10))].title") == R"(["Sayings","Moby"])");
    CHECK(sel("$.n[?(@ >= 4)]") == "[4,5]");
    CHECK(sel("$..book[?(@.price > $.store.bicycle.price)].title") == R"(["LOTR"])");
  }

  TEST_CASE("definite paths yield one node") {
    CHECK(definite("$.a.b[0]['c']"));
    CHECK_FALSE(definite("$.a[*]"));
    CHECK_FALSE(definite("$..a"));
    CHECK_FALSE(definite("$.a[0:1]"));
    CHECK_FALSE(definite("$.a[?(@.x)]"));
    CHECK_FALSE(definite("$.a[0,1]"));
  }

  TEST_CASE("bad paths are errors with a column") {
    CHECK(sel("$.a[").starts_with("ERROR: invalid JSONPath"));
    CHECK(sel("$.a[?(@.x == )]").starts_with("ERROR: invalid JSONPath"));
    CHECK(sel("$.a['x") == "ERROR: invalid JSONPath '$.a['x' at column 5: unterminated string");
    CHECK(sel("$.a[1:2:0]").starts_with("ERROR: invalid JSONPath"));
    CHECK(sel("$.a]") == "ERROR: invalid JSONPath '$.a]' at column 4: unexpected ']'");
    CHECK(sel("$.a[?(" + std::string(500, '(') + "@.x" + std::string(500, ')') + ")]")
              .starts_with("ERROR: "));
  }
}
