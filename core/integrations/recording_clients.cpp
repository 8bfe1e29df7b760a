#include "core/integrations/recording_clients.h"

#include <chrono>

namespace gw::integrations {

namespace {

thread_local CallScope* t_scope = nullptr;

double ms_since(Clock& clock, std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock.monotonic() - t0).count();
}

template <class T>
void set_outcome(IntegrationCall& c, const Result<T>& r) {
  if (!r) {
    c.error = r.error().message;
    c.error_kind = r.error().kind;
  }
}

}  // namespace

CallScope::CallScope() : outer_(t_scope) { t_scope = this; }

CallScope::~CallScope() { t_scope = outer_; }

void CallScope::append(IntegrationCall call) {
  if (t_scope != nullptr) {
    t_scope->calls_.push_back(std::move(call));
  }
}

Result<Response> RecordingHttpClient::send(const HttpCall& call) {
  const auto t0 = clock_.monotonic();
  Result<Response> r = inner_.send(call);
  IntegrationCall c;
  c.kind = call.kind;
  c.target = call.method + " " + call.url;
  c.request = call;
  c.latency_ms = ms_since(clock_, t0);
  if (r) {
    c.status = r->status;
    c.response = *r;
  }
  set_outcome(c, r);
  CallScope::append(std::move(c));
  return r;
}

IntegrationCall lambda_call_record(const lambda::Invocation& inv,
                                   const Result<lambda::InvokeOutput>& out, double ms) {
  IntegrationCall call;
  call.kind = "lambda";
  call.target = inv.function != nullptr ? inv.function->name : "";
  call.request.method = "POST";
  call.request.url = "lambda:" + call.target;
  call.request.body = inv.payload;
  call.request.timeout = inv.caller_timeout;
  call.latency_ms = ms;
  if (out) {
    call.status = 200;
    call.response.headers.add("x-amzn-RequestId", out->request_id);
    if (out->function_error) {
      call.response.headers.add("X-Amz-Function-Error", "Unhandled");
    }
    call.response.body = out->payload;
  }
  set_outcome(call, out);
  return call;
}

Result<lambda::InvokeOutput> RecordingLambdaInvoker::timed(const lambda::Invocation& inv,
                                                           bool event) {
  const auto t0 = clock_.monotonic();
  Result<lambda::InvokeOutput> out = event ? inner_.invoke_event(inv) : inner_.invoke(inv);
  double ms = ms_since(clock_, t0);
  if (out && out->latency_ms >= 0) {
    ms = static_cast<double>(out->latency_ms);  // the inner one knows better (replay)
  } else if (out) {
    out->latency_ms = static_cast<int64_t>(ms);  // as the recording keeps it (whole ms)
  }
  CallScope::append(lambda_call_record(inv, out, ms));
  return out;
}

Result<lambda::InvokeOutput> RecordingLambdaInvoker::invoke(const lambda::Invocation& inv) {
  return timed(inv, false);
}

Result<lambda::InvokeOutput> RecordingLambdaInvoker::invoke_event(const lambda::Invocation& inv) {
  return timed(inv, true);
}

void RecordingLambdaInvoker::answered_from_cache(const lambda::Invocation& inv,
                                                 const lambda::InvokeOutput& output) {
  inner_.answered_from_cache(inv, output);
  IntegrationCall call = lambda_call_record(inv, output, 0);
  call.cached = true;
  CallScope::append(std::move(call));
}

Result<Response> RecordingAwsServices::call(AwsCall c) {
  IntegrationCall record;
  record.kind = "aws";
  record.target = c.service + ":" + (c.action.empty() ? c.path : c.action);
  record.request.method = c.method;
  record.request.url = "aws-sink:" + record.target;
  record.request.body = c.body;
  Result<Response> r = inner_.call(std::move(c));
  if (r) {
    record.status = r->status;
    record.response = *r;
  }
  set_outcome(record, r);
  CallScope::append(std::move(record));
  return r;
}

}  // namespace gw::integrations
