#include "core/pipeline/trace_segment.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/gateway_fixture.h"

// The trace header a request carries through the gateway and the X-Ray segments a stage with
// tracingEnabled sends. Header: AWS X-Ray Developer Guide, "Amazon API Gateway active tracing
// support". Segment fields: "AWS X-Ray segment documents" (name, id, trace_id, parent_id,
// start_time, end_time, origin, http, error/throttle/fault, aws, subsegments); the datagram:
// "Sending segment documents to the X-Ray daemon" ({"format": "json", "version": 1} + newline).
// HTTP integrations send X-Amzn-Trace-Id: AWS_BEHAVIOUR fact 27.

namespace gw::pipeline {
namespace {

using nlohmann::json;

class CollectingSink final : public observe::SegmentSink {
 public:
  void send(std::string_view datagram) override { datagrams.emplace_back(datagram); }
  std::vector<std::string> datagrams;
};

constexpr std::string_view kClientRoot = "1-5759e988-bd862e3fe1be46a994272793";

struct TracedGateway {
  explicit TracedGateway(bool tracing)
      : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1764105023))),
        random(7),
        gateway(std::make_shared<const model::Api>(api(tracing)),
                GatewayDeps{&clock, &random, &http, nullptr, nullptr, nullptr, &sink}) {
    http.next.status = 201;
    http.next.body = "{}";
  }

  static model::Api api(bool tracing) {
    model::Api a = testing::rest_api({testing::operation(
        "GET", "/pets",
        testing::http_integration(model::IntegrationType::HttpProxy, "http://backend.test/pets"))});
    model::StageConfig prod;
    prod.name = "prod";
    prod.tracing_enabled = tracing;
    a.gw.stages.push_back(prod);
    return a;
  }

  Response get(std::string trace_header) {
    Request r = testing::request("GET", "/prod/pets");
    r.headers.add("Host", "abc.execute-api.localhost");
    if (!trace_header.empty()) {
      r.headers.add("X-Amzn-Trace-Id", std::move(trace_header));
    }
    log = RequestLog{};
    return gateway.handle(r, &log);
  }

  std::string sent_trace() const {
    REQUIRE(http.calls.size() == 1);
    return std::string(http.calls.back().headers.get("X-Amzn-Trace-Id").value_or(""));
  }

  FakeClock clock;
  SeededRandom random;
  testing::FakeHttpClient http;
  CollectingSink sink;
  Gateway gateway;
  RequestLog log;
};

json document_of(const std::string& datagram) {
  const std::string header = "{\"format\": \"json\", \"version\": 1}\n";
  REQUIRE(datagram.starts_with(header));
  return json::parse(datagram.substr(header.size()));
}

TEST_SUITE("gw::pipeline::TraceSegment") {
  TEST_CASE("tracing on: the client's Root is kept, the Parent is the gateway's segment") {
    TracedGateway g(true);
    g.get("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Lineage=a:1");
    const std::string sent = g.sent_trace();
    CHECK(sent.starts_with("Root=1-5759e988-bd862e3fe1be46a994272793;Parent="));
    CHECK(sent.find("53995c3f42cd8ad8") == std::string::npos);
    CHECK(sent.ends_with(";Sampled=1;Lineage=a:1"));

    REQUIRE(g.sink.datagrams.size() == 1);
    const json seg = document_of(g.sink.datagrams[0]);
    CHECK(seg["name"] == "PetStore/prod");
    CHECK(seg["origin"] == "AWS::ApiGateway::Stage");
    CHECK(seg["trace_id"] == kClientRoot);
    CHECK(seg["parent_id"] == "53995c3f42cd8ad8");
    const std::string id = seg["id"];
    CHECK(id.size() == 16);
    CHECK(sent.find(";Parent=" + id + ";") != std::string::npos);
    CHECK(seg["start_time"] == doctest::Approx(1764105023.0));
    CHECK(seg["end_time"].get<double>() >= seg["start_time"].get<double>());
    CHECK(seg["http"]["request"]["method"] == "GET");
    CHECK(seg["http"]["request"]["url"] == "http://abc.execute-api.localhost/prod/pets");
    CHECK(seg["http"]["response"]["status"] == 201);
    CHECK_FALSE(seg.contains("error"));
    CHECK_FALSE(seg.contains("fault"));
    CHECK(seg["aws"]["api_gateway"]["request_id"] == g.log.request_id);
    CHECK(seg["aws"]["api_gateway"]["stage"] == "prod");
    REQUIRE(seg["subsegments"].size() == 1);
    const json& sub = seg["subsegments"][0];
    CHECK(sub["name"] == "backend.test");
    CHECK(sub["namespace"] == "remote");
    CHECK(sub["http"]["request"]["url"] == "http://backend.test/pets");
    CHECK(sub["http"]["response"]["status"] == 201);
    CHECK(sub["id"] != seg["id"]);
  }

  TEST_CASE("tracing on, no header: a new trace, sampled, no parent_id") {
    TracedGateway g(true);
    g.get("");
    REQUIRE(g.sink.datagrams.size() == 1);
    const json seg = document_of(g.sink.datagrams[0]);
    CHECK_FALSE(seg.contains("parent_id"));
    const std::string root = seg["trace_id"];
    CHECK(root.starts_with("1-69261b3f-"));  // 1764105023 in hex: the request's epoch seconds
    CHECK(g.sent_trace() ==
          "Root=" + root + ";Parent=" + seg["id"].get<std::string>() + ";Sampled=1");
  }

  TEST_CASE("fault and error flags follow the status") {
    TracedGateway g(true);
    g.http.next.status = 503;
    g.get("");
    REQUIRE(g.sink.datagrams.size() == 1);
    CHECK(document_of(g.sink.datagrams[0])["fault"] == true);
    g.http.next.status = 429;
    g.get("");
    REQUIRE(g.sink.datagrams.size() == 2);
    const json seg = document_of(g.sink.datagrams[1]);
    CHECK(seg["error"] == true);
    CHECK(seg["throttle"] == true);
  }

  TEST_CASE("the client's Sampled=0 is kept: no segment") {
    TracedGateway g(true);
    g.get("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
    CHECK(g.sink.datagrams.empty());
    CHECK(g.sent_trace().ends_with(";Sampled=0"));
  }

  TEST_CASE("tracing off: nothing is sent, the client's Parent passes on") {
    TracedGateway g(false);
    g.get("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8");
    CHECK(g.sink.datagrams.empty());
    CHECK(g.sent_trace() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
  }

  TEST_CASE("a malformed header is replaced") {
    TracedGateway g(false);
    g.get("Root=not-a-trace;Parent=53995c3f42cd8ad8");
    const std::string sent = g.sent_trace();
    CHECK(sent.starts_with("Root=1-69261b3f-"));
    CHECK(sent.find("53995c3f42cd8ad8") == std::string::npos);
  }
}

}  // namespace
}  // namespace gw::pipeline
