#pragma once

/// One request's X-Ray trace context: the `X-Amzn-Trace-Id` header API Gateway adds to what it
/// passes on, made once when the request enters the gateway.
///
/// Emulates: "For all incoming requests, API Gateway adds a tracing header to incoming HTTP
/// requests that don't already have one" (AWS X-Ray Developer Guide, "Amazon API Gateway active
/// tracing support"), in the form `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=
/// 53995c3f42cd8ad8;Sampled=1`: the trace id is `1-`, 8 hex digits of the request's Unix epoch
/// seconds, `-` and 24 hex digits of a 96-bit random id. The client's Root is kept, and its
/// Parent unless the stage traces (tracingEnabled), when the Parent is the gateway's own segment
/// id; a Root alone gets a Parent; no header (or a malformed one) gets a new Root. The client's
/// sampling decision is kept, else Sampled=1 on a tracing stage and Sampled=0 elsewhere. Other
/// key=value pairs (`Lineage=`, `Self=`) are kept in order, as the real service keeps them.
/// Differences: a header longer than kMaxTraceHeader characters is treated as malformed.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/clock.h"

namespace gw::observe {

/// The longest X-Amzn-Trace-Id value gw reads; a longer one is replaced.
inline constexpr size_t kMaxTraceHeader = 256;

/// An X-Amzn-Trace-Id value, parsed.
struct TraceHeader {
  std::string root;             ///< "1-5759e988-bd862e3fe1be46a994272793"
  std::string parent;           ///< 16 hex digits, "" when none
  std::optional<bool> sampled;  ///< unset: no decision (absent or `Sampled=?`)
  /// Every other key=value pair, in the client's order (Lineage, Self, ...).
  std::vector<std::pair<std::string, std::string>> extra;

  /// "Root=...;Parent=...;Sampled=1;Lineage=..." (absent parts left out).
  std::string render() const;
};

/// The header, or nullopt when it is malformed: no valid Root, a field that is not key=value,
/// or longer than kMaxTraceHeader. A Parent or Sampled value of the wrong shape is dropped.
std::optional<TraceHeader> parse_trace_header(std::string_view value);

/// A new trace id: `1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>`.
std::string new_trace_root(Random& random, std::chrono::system_clock::time_point now);
/// A new 64-bit segment id (16 hex digits).
std::string new_segment_id(Random& random);

/// One request's trace context, as the gateway passes it on.
struct TraceContext {
  TraceHeader header;                  ///< the value every integration and the response get
  std::string segment_id;              ///< the gateway's segment id (the Parent when traced)
  std::string client_parent;           ///< the Parent the client sent ("" when none)
  std::optional<bool> client_sampled;  ///< the client's sampling decision
  bool tracing_enabled = false;        ///< the stage's tracingEnabled

  /// Applies the stage's tracingEnabled: the Parent and the sampling decision follow it.
  void set_tracing_enabled(bool on);
  /// Whether the gateway records segments for this request (tracing on and sampled).
  bool traced() const { return tracing_enabled && header.sampled.value_or(false); }
  /// The X-Amzn-Trace-Id value.
  std::string value() const { return header.render(); }
  /// The trace id alone ("1-5759e988-bd862e3fe1be46a994272793").
  const std::string& trace_id() const { return header.root; }
};

/// The trace context for a request that carried `client` (nullopt: no X-Amzn-Trace-Id), with
/// the ids the gateway drew for it (`root` is used when the client's header has none), on a
/// stage without tracing until set_tracing_enabled says otherwise.
TraceContext make_trace_context(std::optional<std::string_view> client, std::string root,
                                std::string segment_id);

}  // namespace gw::observe
