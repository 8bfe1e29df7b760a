#pragma once

/// The X-Ray segment documents a stage with tracingEnabled sends for a sampled request: one
/// segment for the gateway and, inside it, one subsegment for the integration call.
///
/// Emulates: API Gateway's active tracing (AWS X-Ray Developer Guide, "Amazon API Gateway active
/// tracing support"): a segment named `<api name>/<stage>` with origin `AWS::ApiGateway::Stage`.
/// Format: "AWS X-Ray segment documents" (xray-api-segmentdocuments): `name`, `id` (16 hex
/// digits), `trace_id`, `start_time` / `end_time` (epoch seconds, floating point), `parent_id`
/// when the request came with a Parent, `http.request` / `http.response`, `error` (4xx),
/// `throttle` (429, with error), `fault` (5xx), `aws`, and `subsegments`. Sent the way the X-Ray
/// SDKs send them ("Sending segment documents to the X-Ray daemon"): a UDP datagram holding
/// `{"format": "json", "version": 1}`, a newline and the document.
/// Differences: the `aws.api_gateway` block holds gw's ids (request_id, api_id, stage,
/// account_id); resource_arn names the local API; the Lambda function's own segments, which
/// Lambda records, are not sent.

#include <cstdint>
#include <string>
#include <string_view>

namespace gw::observe {

/// Where segment documents go (the X-Ray daemon's UDP port in `gw serve`): injected into the
/// Gateway (GatewayDeps::xray), so tests collect them and replay sends none.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  /// Sends one datagram (header line and document); never blocks for long, never throws.
  virtual void send(std::string_view datagram) = 0;
};

/// One call an integration made, for the subsegment.
struct SubsegmentInfo {
  std::string id;    ///< 16 hex digits
  std::string name;  ///< the backend's host, or the function's name
  std::string kind;  ///< "http", "http_proxy", "aws_proxy", ... ("" = no subsegment)
  std::string url;   ///< the URL or the integration uri
  std::string method;
  double start_s = 0;  ///< epoch seconds
  double end_s = 0;
  int status = 0;  ///< the backend's status, 0 when it failed
};

/// What the gateway segment records about one request.
struct SegmentInfo {
  std::string name;       ///< "<api name>/<stage>"
  std::string id;         ///< the gateway's segment id (the Parent it passed on)
  std::string trace_id;   ///< "1-5759e988-bd862e3fe1be46a994272793"
  std::string parent_id;  ///< the client's Parent, "" when none
  double start_s = 0;
  double end_s = 0;
  std::string method;
  std::string url;
  std::string client_ip;
  std::string user_agent;
  int status = 0;
  uint64_t content_length = 0;
  std::string request_id;
  std::string api_id;
  std::string account_id;
  std::string stage;
  std::string resource_arn;
  SubsegmentInfo integration;
};

/// The segment document (JSON, one line).
std::string segment_document(const SegmentInfo& s);
/// The UDP datagram for a document: the X-Ray daemon header line, then the document.
std::string daemon_datagram(std::string_view document);

}  // namespace gw::observe
