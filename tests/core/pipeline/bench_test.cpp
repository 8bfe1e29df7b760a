// Throughput of the mock path through Gateway::handle (run with -ts="gw::pipeline bench" -nr
// or with --no-skip). Budget (DESIGN.md §8): a few microseconds per request.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "tests/support/gateway_fixture.h"

using namespace gw;
using namespace gw::testing;

TEST_SUITE("gw::pipeline bench") {
  TEST_CASE("200k mock requests through handle" * doctest::skip()) {
    model::Api api = rest_api({operation("GET", "/pets", mock_integration(), "listPets"),
                               operation("GET", "/pets/{id}", mock_integration(), "getPet")});
    api.gw.account_throttle = model::Throttle{1e9, 1000000000};  // measure the path, not 429s
    SystemClock clock;
    SeededRandom random(7);
    Gateway gateway(std::make_shared<const model::Api>(api), GatewayDeps{&clock, &random, nullptr});
    Request req = request("GET", "/local/pets/42");
    req.headers.add("Host", "localhost:8080");
    req.headers.add("User-Agent", "bench");
    req.headers.add("Accept", "*/*");
    constexpr int kCount = 200000;
    size_t bytes = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCount; ++i) {
      Response r = gateway.handle(req);
      bytes += r.body.size();
    }
    double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("mock pipeline: %.3f us/request (%d requests)\n", us / kCount, kCount);
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCount; ++i) {
      RequestLog log;
      Response r = gateway.handle(req, &log);
      bytes += r.body.size();
    }
    us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("mock pipeline with RequestLog + trace: %.3f us/request\n", us / kCount);
    CHECK(bytes == 2 * kCount * std::string_view(R"({"ok":true})").size());
  }

  TEST_CASE("200k templated mock requests through handle" * doctest::skip()) {
    // The same mock, shaped by VTL: a request template choosing the status from the body and
    // a response template reading the path, query string and $context.
    model::Integration i = mock_integration(
        "#if($input.path('$.name') == \"\")\n{\"statusCode\": 400}\n#else\n{\"statusCode\": "
        "200}\n#end",
        "200",
        "{\"id\": \"$input.params('id')\", \"color\": \"$input.params('color')\", "
        "\"requestId\": \"$context.requestId\"}");
    model::Api api = rest_api({operation("POST", "/pets/{id}", i, "putPet")});
    api.gw.account_throttle = model::Throttle{1e9, 1000000000};  // measure templates, not 429s
    SystemClock clock;
    SeededRandom random(7);
    Gateway gateway(std::make_shared<const model::Api>(api), GatewayDeps{&clock, &random, nullptr});
    Request req = request("POST", "/local/pets/42", "color=red", R"({"name": "Rex"})");
    req.headers.add("Host", "localhost:8080");
    req.headers.add("Content-Type", "application/json");
    constexpr int kCount = 200000;
    size_t ok = 0;
    auto start = std::chrono::steady_clock::now();
    for (int n = 0; n < kCount; ++n) {
      ok += gateway.handle(req).status == 200 ? 1 : 0;
    }
    double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("templated mock pipeline: %.3f us/request (%d requests)\n", us / kCount, kCount);
    CHECK(ok == kCount);
  }
}
