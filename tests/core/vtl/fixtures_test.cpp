// Golden templates: fixtures/vtl/<case>.vtl rendered with <case>.input.json must equal
// <case>.expected. input.json: {"body": "...", "path"|"querystring"|"header": {..},
// "context": {..}, "stageVariables": {..}, "status": expected responseOverride.status}.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/vtl/template.h"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

gw::vtl::Params params(const nlohmann::json& j, const char* key) {
  gw::vtl::Params out;
  if (j.contains(key)) {
    for (const auto& [k, v] : j[key].items()) {
      out.emplace_back(k, v.get<std::string>());
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("gw::vtl fixtures") {
  TEST_CASE("every fixtures/vtl case renders its expected output") {
    fs::path dir = fs::path(GW_SOURCE_DIR) / "fixtures" / "vtl";
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".vtl") {
        continue;
      }
      ++cases;
      fs::path base = entry.path();
      base.replace_extension();
      CAPTURE(base.string());
      nlohmann::ordered_json input = nlohmann::ordered_json::object();
      if (fs::exists(base.string() + ".input.json")) {
        input = nlohmann::ordered_json::parse(slurp(base.string() + ".input.json"));
      }
      std::string body = input.value("body", "");
      gw::vtl::Inputs in;
      in.body = body;
      nlohmann::json plain = nlohmann::json::parse(input.dump());
      in.path_params = params(plain, "path");
      in.query_params = params(plain, "querystring");
      in.header_params = params(plain, "header");
      if (input.contains("context")) {
        in.context = gw::vtl::from_json(input["context"]);
      }
      if (input.contains("stageVariables")) {
        in.stage_variables = gw::vtl::from_json(input["stageVariables"]);
      }
      auto t = gw::vtl::parse(slurp(entry.path()));
      REQUIRE(t);
      gw::vtl::Outputs out;
      auto r = gw::vtl::render(**t, in, &out);
      REQUIRE(r);
      CHECK(*r == slurp(base.string() + ".expected"));
      if (input.contains("status")) {
        CHECK(out.status_override == input["status"].get<int>());
      }
    }
    CHECK(cases >= 6);
  }
}
