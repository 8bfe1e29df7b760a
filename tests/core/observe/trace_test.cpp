#include "core/observe/trace.h"

#include <doctest/doctest.h>

#include <string>

// The header's form and rules: AWS X-Ray Developer Guide, "Amazon API Gateway active tracing
// support" ("API Gateway adds a tracing header to incoming HTTP requests that don't already have
// one") and "Tracing header" (Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;
// Sampled=1; the trace id is 1-, 8 hex digits of epoch seconds, -, 96 random bits in 24 hex).

namespace gw::observe {
namespace {

// A Random that answers fixed values in turn.
class FixedRandom final : public Random {
 public:
  uint64_t next() override { return 0x0123456789abcdefULL + calls_++; }

 private:
  uint64_t calls_ = 0;
};

constexpr std::string_view kRoot = "1-5759e988-bd862e3fe1be46a994272793";
constexpr std::string_view kNewRoot = "1-00000001-000000000000000000000001";
constexpr std::string_view kSegment = "feedfacecafebeef";

TraceContext context_for(std::optional<std::string_view> client, bool tracing) {
  TraceContext t = make_trace_context(client, std::string(kNewRoot), std::string(kSegment));
  t.set_tracing_enabled(tracing);
  return t;
}

TEST_SUITE("gw::observe::Trace") {
  TEST_CASE("a new root: 1-, epoch seconds in 8 hex digits, 96 random bits in 24") {
    FixedRandom random;
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(0x5759e988));
    const std::string root = new_trace_root(random, now);
    CHECK(root == "1-5759e988-89abcdef0123456789abcdf0");
    CHECK(new_segment_id(random) == "0123456789abcdf1");
  }

  TEST_CASE("no header: a new Root and Parent, Sampled by the stage's tracingEnabled") {
    CHECK(context_for(std::nullopt, false).value() ==
          "Root=1-00000001-000000000000000000000001;Parent=feedfacecafebeef;Sampled=0");
    const TraceContext on = context_for(std::nullopt, true);
    CHECK(on.value() ==
          "Root=1-00000001-000000000000000000000001;Parent=feedfacecafebeef;Sampled=1");
    CHECK(on.traced());
    CHECK(on.client_parent.empty());
  }

  TEST_CASE("a Root alone keeps its Root and gets a Parent") {
    const TraceContext t = context_for("Root=1-5759e988-bd862e3fe1be46a994272793", false);
    CHECK(t.trace_id() == kRoot);
    CHECK(t.value() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=feedfacecafebeef;"
          "Sampled=0");
    CHECK_FALSE(t.traced());
  }

  TEST_CASE("Root and Parent: the client's Parent is kept unless the stage traces") {
    const std::string_view sent =
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8";
    CHECK(context_for(sent, false).value() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
    const TraceContext on = context_for(sent, true);
    CHECK(on.value() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=feedfacecafebeef;Sampled=1");
    CHECK(on.client_parent == "53995c3f42cd8ad8");  // the segment's parent_id
  }

  TEST_CASE("the client's sampling decision is kept") {
    const TraceContext off = context_for(
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", false);
    CHECK(off.header.sampled == true);
    CHECK_FALSE(off.traced());  // sampled, but this stage does not trace
    const TraceContext declined =
        context_for("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0", true);
    CHECK(declined.header.sampled == false);
    CHECK_FALSE(declined.traced());
    // "Sampled=?" leaves the decision to the gateway.
    CHECK(context_for("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?", true).traced());
  }

  TEST_CASE("unknown pairs such as Lineage are kept in order") {
    const TraceContext t = context_for(
        "Root=1-5759e988-bd862e3fe1be46a994272793; Lineage=a87bd80c:1|68fd508a:5;Self=x", false);
    CHECK(t.value() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=feedfacecafebeef;"
          "Sampled=0;Lineage=a87bd80c:1|68fd508a:5;Self=x");
  }

  TEST_CASE("malformed values are replaced by a new trace, never kept in part") {
    for (std::string_view bad :
         {"", "garbage", "Root=", "Root=1-xyz", "Root=2-5759e988-bd862e3fe1be46a994272793",
          "Root=1-5759e988-bd862e3fe1be46a99427279", "Parent=53995c3f42cd8ad8",
          "Root=1-5759e988-bd862e3fe1be46a994272793;novalue", "=x", ";;;"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_trace_header(bad).has_value());
      CHECK(context_for(bad, false).trace_id() == kNewRoot);
      CHECK(context_for(bad, false).client_parent.empty());
    }
  }

  TEST_CASE("a Parent or Sampled of the wrong shape is dropped, the Root kept") {
    const TraceContext t =
        context_for("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=zz;Sampled=yes", false);
    CHECK(t.trace_id() == kRoot);
    CHECK(t.client_parent.empty());
    CHECK(t.value() ==
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=feedfacecafebeef;"
          "Sampled=0");
  }

  TEST_CASE("too long a header is malformed") {
    std::string sent = "Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=";
    sent.append(kMaxTraceHeader - sent.size(), 'a');
    CHECK(parse_trace_header(sent).has_value());
    sent.push_back('a');
    CHECK_FALSE(parse_trace_header(sent).has_value());
    CHECK(context_for(sent, false).trace_id() == kNewRoot);
  }
}

}  // namespace
}  // namespace gw::observe
