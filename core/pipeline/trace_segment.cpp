#include "core/pipeline/trace_segment.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

// The host of "http://host:port/path" (the subsegment's name, as the X-Ray SDKs name remote
// calls), or the text itself.
std::string host_of(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  const size_t start = scheme + 3;
  return url.substr(start, url.find_first_of(":/?", start) - start);
}

void fill_subsegment(observe::SubsegmentInfo& out, const Exchange& ex,
                     const std::vector<IntegrationCall>& calls, double start_s) {
  if (ex.integration_kind.empty() || ex.integration_kind == "mock" || calls.empty()) {
    return;  // no backend was called
  }
  const IntegrationCall& call = calls.back();
  const double offset_s =
      std::chrono::duration<double>(ex.integration_started - ex.started).count();
  out.id = observe::new_segment_id(*ex.shared.random);
  out.kind = std::string(ex.integration_kind);
  out.url = call.request.url;
  out.method = call.request.method;
  out.name = call.kind == "lambda" ? call.target : host_of(call.request.url);
  out.start_s = start_s + offset_s;
  out.end_s = out.start_s + call.latency_ms / 1000.0;
  out.status = call.status;
}

}  // namespace

observe::SegmentInfo segment_of(const Exchange& ex, const std::vector<IntegrationCall>& calls,
                                double latency_ms) {
  const Context& c = ex.context;
  observe::SegmentInfo s;
  s.name = ex.api.title + "/" + ex.stage_name;
  s.id = ex.trace_context.segment_id;
  s.trace_id = ex.trace_context.trace_id();
  s.parent_id = ex.trace_context.client_parent;
  s.start_s = static_cast<double>(c.request_time_epoch) / 1000.0;
  s.end_s = s.start_s + latency_ms / 1000.0;
  s.method = ex.request.method;
  const std::string_view host = ex.request.headers.get("Host").value_or(c.domain_name);
  s.url = "http://" + std::string(host) + ex.request.path;
  s.client_ip = c.source_ip;
  s.user_agent = c.user_agent;
  s.status = ex.response.status;
  s.content_length = ex.response.body.size();
  s.request_id = c.request_id;
  s.api_id = c.api_id;
  s.account_id = c.account_id;
  s.stage = ex.stage_name;
  s.resource_arn =
      "arn:aws:apigateway:us-east-1::/restapis/" + c.api_id + "/stages/" + ex.stage_name;
  fill_subsegment(s.integration, ex, calls, s.start_s);
  return s;
}

void send_segment(observe::SegmentSink& sink, const Exchange& ex,
                  const std::vector<IntegrationCall>& calls, double latency_ms) {
  if (!ex.trace_context.traced()) {
    return;
  }
  sink.send(observe::daemon_datagram(observe::segment_document(segment_of(ex, calls, latency_ms))));
}

}  // namespace gw::pipeline
