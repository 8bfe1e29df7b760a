#pragma once

/// The X-Ray segments of a request on a stage with tracingEnabled (core/observe/xray_segment.h):
/// built from the finished exchange and the backend calls it made, sent to the Gateway's
/// injected SegmentSink (GatewayDeps::xray) when the request was sampled.
/// Reads: x-gw.stages.*.tracingEnabled (through the exchange's trace context).
/// Differences: see core/observe/xray_segment.h.

#include <vector>

#include "core/integrations/recorded_call.h"
#include "core/observe/xray_segment.h"

namespace gw::pipeline {

class Exchange;

/// The gateway segment for ex, which took `latency_ms`; its subsegment is the integration's
/// backend call (the last of `calls`), with an id drawn from the exchange's random source.
observe::SegmentInfo segment_of(const Exchange& ex, const std::vector<IntegrationCall>& calls,
                                double latency_ms);

/// Sends ex's segment document when its trace is sampled on a tracing stage.
void send_segment(observe::SegmentSink& sink, const Exchange& ex,
                  const std::vector<IntegrationCall>& calls, double latency_ms);

}  // namespace gw::pipeline
