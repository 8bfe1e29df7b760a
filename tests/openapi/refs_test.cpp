#include "openapi/refs.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "openapi/loader.h"
#include "openapi/yaml_reader.h"

namespace gw::openapi {
namespace {

struct Doc {
  std::shared_ptr<const Node> root;
  std::vector<std::string> files;
  RefResolver refs{&files};

  explicit Doc(std::string_view text, const std::string& name = "/virtual/spec.yaml") {
    auto file = std::make_shared<const std::string>(name);
    Result<Node> r = parse_yaml(text, file);
    REQUIRE(r.has_value());
    root = std::make_shared<const Node>(std::move(*r));
    refs.set_main(file, root, root.get());
  }
};

TEST_SUITE("gw::openapi::refs") {
  TEST_CASE("local pointers with ~0, ~1 and percent escapes") {
    Doc d(R"(
a: {$ref: "#/paths/~1pets~1{id}/x~0y"}
b: {$ref: "#/paths/~1pets~1%7Bid%7D/x~0y"}
c: {$ref: "#/list/1"}
paths:
  /pets/{id}:
    x~y: found
list: [zero, one]
)");
    for (const char* k : {"a", "b"}) {
      auto r = d.refs.deref(*d.root->find(k));
      REQUIRE(r.has_value());
      CHECK((*r)->text == "found");
    }
    auto c = d.refs.deref(*d.root->find("c"));
    REQUIRE(c.has_value());
    CHECK((*c)->text == "one");
  }

  TEST_CASE("a chain of refs is followed; a non-ref is returned as is") {
    Doc d("a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: {v: 1}\n");
    auto r = d.refs.deref(*d.root->find("a"));
    REQUIRE(r.has_value());
    CHECK((*r)->find("v")->number == 1);
    CHECK(*d.refs.deref(*d.root->find("c")) == d.root->find("c"));
  }

  TEST_CASE("a cycle is a positioned error naming the chain") {
    Doc d("a: {$ref: '#/b'}\nb: {$ref: '#/a'}\n");
    auto r = d.refs.deref(*d.root->find("a"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "cyclic $ref: #/b -> #/a -> #/b");
    CHECK(r.error().where.line == 1);  // the ref that closes the cycle
  }

  TEST_CASE("a missing target names the ref and the place it is missing from") {
    Doc d("a: {$ref: '#/defs/Nope'}\ndefs: {Yes: 1}\n");
    auto r = d.refs.deref(*d.root->find("a"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "cannot resolve $ref '#/defs/Nope': no 'Nope' in #/defs");
    CHECK(r.error().where.str() == "/virtual/spec.yaml:1:11");
  }

  TEST_CASE("recursive schemas are inlined once and keep the inner $ref") {
    Doc d(R"(
s: {$ref: '#/defs/Node'}
defs:
  Node:
    type: object
    properties:
      next: {$ref: '#/defs/Node'}
      tag: {$ref: '#/defs/Tag'}
  Tag: {type: string}
)");
    auto j = d.refs.inline_json(*d.root->find("s"));
    REQUIRE(j.has_value());
    CHECK(*j == R"({"type":"object","properties":{"next":{"$ref":"#/defs/Node"},)"
                R"("tag":{"type":"string"}}})");
  }

  TEST_CASE("refs into other files, relative to the referring file, each read once") {
    std::string dir = GW_SOURCE_DIR "/fixtures/specs/";
    Result<Loaded> r = load(dir + "refs-main.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::Api& api = *r->api;
    REQUIRE(api.operations.size() == 3);
    CHECK(api.operations[0].route_key == "GET /pets");
    CHECK(api.operations[0].operation_id == "listPets");
    REQUIRE(api.operations[0].parameters.size() == 1);
    CHECK(api.operations[0].parameters[0].name == "limit");
    const std::string& pet = api.operations[1].request_body_schemas.at("application/json");
    CHECK(pet.find(R"("friend":{"$ref":"#/Pet"})") != std::string::npos);  // recursive: kept
    CHECK(api.operations[2].parameters[0].name == "id");
    REQUIRE(api.operations[2].integration.has_value());
    CHECK(api.operations[2].integration->uri == "http://127.0.0.1:9000/pets/{id}");
    CHECK(api.operations[2].integration->request_parameters.at("integration.request.path.id") ==
          "method.request.path.id");
    std::vector<std::string> expected = {dir + "refs-main.yaml", dir + "common/paths.yaml",
                                         dir + "common/params.yaml", dir + "schemas.yaml"};
    CHECK(r->files == expected);
  }

  TEST_CASE("a ref to a missing file is a positioned error") {
    Result<Loaded> r = load_string("openapi: 3.0.1\npaths:\n  /a: {$ref: 'nowhere.yaml#/a'}\n",
                                   "/virtual/spec.yaml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("cannot read file /virtual/nowhere.yaml") != std::string::npos);
    CHECK(r.error().where.str() == "/virtual/spec.yaml:3:14");
  }

  TEST_CASE("issue 16: a $ref may not read files outside the spec's directory unless allowed") {
    // A spec from elsewhere could name /etc/shadow or ../../secrets, and gw deploy copied the
    // content into .gw/deployments/.
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "gw-refs-XXXXXX").string();
    const fs::path top = ::mkdtemp(tmpl.data());
    fs::create_directories(top / "api" / "models");
    auto write = [](const fs::path& p, std::string_view text) {
      std::ofstream(p) << text;
    };
    write(top / "secret.yaml", "Pet: {type: string}\n");
    write(top / "api" / "models" / "pet.yaml", "Pet: {type: object}\n");
    fs::create_symlink(top / "secret.yaml", top / "api" / "models" / "link.yaml");
    auto spec = [&](std::string_view ref) {
      const std::string path = (top / "api" / "spec.yaml").string();
      write(path, "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n"
                  "components:\n  schemas:\n    P: {$ref: '" + std::string(ref) + "'}\n");
      return path;
    };
    auto resolve = [&](const std::string& path, bool anywhere) {
      auto file = std::make_shared<const std::string>(path);
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      auto root = std::make_shared<const Node>(*parse_yaml(text.str(), file));
      std::vector<std::string> files;
      RefResolver refs(&files);
      refs.allow_files_anywhere(anywhere);
      refs.set_main(file, root, root.get());
      return refs.deref(*root->find("components")->find("schemas")->find("P"));
    };
    {
      auto ok = resolve(spec("models/pet.yaml#/Pet"), false);  // a subdirectory: fine
      REQUIRE_MESSAGE(ok, (ok ? "" : ok.error().str()));
    }
    for (const std::string& ref : {std::string("../secret.yaml#/Pet"),
                                  (top / "secret.yaml").string() + "#/Pet",
                                  std::string("models/link.yaml#/Pet")}) {
      CAPTURE(ref);
      const std::string path = spec(ref);
      auto refused = resolve(path, false);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().kind == ErrorKind::BadInput);
      CHECK(refused.error().message.find("outside the spec's directory") != std::string::npos);
      CHECK(refused.error().where.str() == path + ":6:15");  // the value
      CHECK(refused.error().hint.find("--allow-external-refs") != std::string::npos);
      auto allowed = resolve(path, true);
      REQUIRE_MESSAGE(allowed, (allowed ? "" : allowed.error().str()));
    }
    fs::remove_all(top);
  }

  TEST_CASE("issue 16: a $ref loop that never reaches a schema is a positioned error") {
    Doc d(R"(
schemas:
  A: {$ref: "#/schemas/B"}
  B: {$ref: "#/schemas/A"}
  Tree: {properties: {child: {$ref: "#/schemas/Tree"}}}
)");
    auto loop = d.refs.inline_json(*d.root->find("schemas")->find("A"));
    REQUIRE(!loop.has_value());
    CHECK(loop.error().message.starts_with("cyclic $ref: "));
    CHECK(loop.error().where.line == 3);
    // A recursive schema is legal: it is inlined once and its inner $ref kept.
    auto tree = d.refs.inline_json(*d.root->find("schemas")->find("Tree"));
    REQUIRE(tree.has_value());
    CHECK(*tree ==
          R"({"properties":{"child":{"properties":{"child":{"$ref":"#/schemas/Tree"}}}}})");
  }

  TEST_CASE("issue 16: inlining bounds the depth and the size of the result") {
    // Each model nests 400 levels and refers to the next: 4 of them inline to 1600 levels.
    std::string text = "m:\n";
    for (int i = 0; i < 4; ++i) {
      text += "  M" + std::to_string(i) + ": " + std::string(400, '[') +
              (i < 3 ? "{$ref: '#/m/M" + std::to_string(i + 1) + "'}" : "1") +
              std::string(400, ']') + "\n";
    }
    Doc d(text);
    auto deep = d.refs.inline_json(*d.root->find("m")->find("M0"));
    REQUIRE(!deep.has_value());
    CHECK(deep.error().message.find("deeper than 1000 levels once its $refs are inlined") !=
          std::string::npos);
    CHECK(deep.error().where.line > 0);
    // Each model refers to the next one twice: 2^30 copies without the size bound.
    std::string laughs = "m:\n";
    for (int i = 0; i < 30; ++i) {
      const std::string next = "{$ref: '#/m/L" + std::to_string(i + 1) + "'}";
      laughs += "  L" + std::to_string(i) + ": [" + next + ", " + next + "]\n";
    }
    laughs += "  L30: [" + std::string(100, 'x') + "]\n";
    Doc l(laughs);
    auto big = l.refs.inline_json(*l.root->find("m")->find("L0"));
    REQUIRE(!big.has_value());
    CHECK(big.error().message.find("MiB once its $refs are inlined") != std::string::npos);
  }
}

}  // namespace
}  // namespace gw::openapi
