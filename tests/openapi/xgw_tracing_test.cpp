#include <doctest/doctest.h>

#include "openapi/loader.h"

// x-gw.stages.NAME.tracingEnabled: AWS's Stage.tracingEnabled (X-Ray active tracing), which
// REST APIs have and HTTP and WebSocket APIs do not ("Choosing between REST APIs and HTTP
// APIs": AWS X-Ray tracing, REST only).

namespace gw::openapi {
namespace {

TEST_SUITE("gw::openapi::xgw tracingEnabled") {
  TEST_CASE("read per stage, off by default") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  apiType: REST
  stages:
    prod: {tracingEnabled: true}
    dev: {variables: {a: b}}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->warnings.empty());
    const auto& stages = r->api->gw.stages;
    REQUIRE(stages.size() == 2);
    CHECK(stages[0].tracing_enabled);
    CHECK_FALSE(stages[1].tracing_enabled);
  }

  TEST_CASE("not a boolean is a positioned error") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod: {tracingEnabled: sometimes}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().str().find("x-gw.stages.prod.tracingEnabled") != std::string::npos);
    CHECK(r.error().where.line == 5);
  }

  TEST_CASE("an HTTP API's stage: a warning, as AWS has no X-Ray tracing for them") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  apiType: HTTP
  stages:
    $default: {tracingEnabled: true}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].message ==
          "x-gw.stages.$default.tracingEnabled: X-Ray active tracing is for REST APIs only: "
          "ignored");
  }
}

}  // namespace
}  // namespace gw::openapi
