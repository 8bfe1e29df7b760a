#include "core/observe/xray_segment.h"

#include <cstdio>

#include "core/base/json_writer.h"

namespace gw::observe {

namespace {

// Epoch seconds to the millisecond ("1480615200.010"), as the segment format asks.
std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// error, throttle and fault "by status": 4xx is an error (429 also a throttle), 5xx a fault.
void put_flags(JsonWriter& w, int status) {
  const bool client_error = status >= 400 && status < 500;
  if (client_error) {
    w.key("error").boolean(true);
  }
  if (status == 429) {
    w.key("throttle").boolean(true);
  }
  if (status >= 500) {
    w.key("fault").boolean(true);
  }
}

void put_subsegment(JsonWriter& w, const SubsegmentInfo& i) {
  w.begin_object();
  w.key("id").string(i.id).key("name").string(i.name);
  w.key("start_time").raw(seconds(i.start_s)).key("end_time").raw(seconds(i.end_s));
  w.key("namespace").string("remote");
  w.key("http").begin_object();
  w.key("request").begin_object();
  w.key("method").string(i.method).key("url").string(i.url);
  w.end_object();
  if (i.status != 0) {
    w.key("response").begin_object().key("status").number(i.status).end_object();
  }
  w.end_object();
  if (i.status == 0) {
    w.key("fault").boolean(true);  // the call failed: no answer
  } else {
    put_flags(w, i.status);
  }
  w.key("metadata").begin_object();
  w.key("gw").begin_object().key("integration_type").string(i.kind).end_object();
  w.end_object();
  w.end_object();
}

}  // namespace

std::string segment_document(const SegmentInfo& s) {
  JsonWriter w(1024);
  w.begin_object();
  w.key("name").string(s.name).key("id").string(s.id).key("trace_id").string(s.trace_id);
  if (!s.parent_id.empty()) {
    w.key("parent_id").string(s.parent_id);
  }
  w.key("start_time").raw(seconds(s.start_s)).key("end_time").raw(seconds(s.end_s));
  w.key("origin").string("AWS::ApiGateway::Stage");
  w.key("resource_arn").string(s.resource_arn);
  w.key("http").begin_object();
  w.key("request").begin_object();
  w.key("method").string(s.method).key("url").string(s.url);
  w.key("client_ip").string(s.client_ip).key("user_agent").string(s.user_agent);
  w.end_object();
  w.key("response").begin_object();
  w.key("status").number(s.status);
  w.key("content_length").number(static_cast<long long>(s.content_length));
  w.end_object();
  w.end_object();
  put_flags(w, s.status);
  w.key("aws").begin_object().key("api_gateway").begin_object();
  w.key("account_id").string(s.account_id).key("api_id").string(s.api_id);
  w.key("stage").string(s.stage).key("request_id").string(s.request_id);
  w.end_object().end_object();
  if (!s.integration.kind.empty()) {
    w.key("subsegments").begin_array();
    put_subsegment(w, s.integration);
    w.end_array();
  }
  w.end_object();
  return w.take();
}

std::string daemon_datagram(std::string_view document) {
  std::string out = "{\"format\": \"json\", \"version\": 1}\n";
  out += document;
  return out;
}

}  // namespace gw::observe
