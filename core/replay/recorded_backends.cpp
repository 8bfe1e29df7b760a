#include "core/replay/recorded_backends.h"

#include "core/replay/compare.h"

namespace gw::replay {

void RecordedBackends::reset(const std::vector<IntegrationCall>* calls) {
  calls_ = calls;
  used_.assign(calls != nullptr ? calls->size() : 0, false);
  problems_.clear();
}

namespace {

// Which client made a recorded call: the sink's calls have "aws-sink:" URLs.
bool on_channel(const IntegrationCall& c, bool lambda, bool sink) {
  const bool is_sink = c.request.url.starts_with("aws-sink:");
  return (c.kind == "lambda") == lambda && is_sink == sink;
}

}  // namespace

const IntegrationCall* RecordedBackends::take(Channel channel, const std::string& target) {
  if (calls_ == nullptr) {
    return nullptr;
  }
  for (size_t i = 0; i < calls_->size(); ++i) {
    const IntegrationCall& c = (*calls_)[i];
    if (!used_[i] && on_channel(c, channel == Channel::Lambda, channel == Channel::AwsSink) &&
        c.target == target) {
      used_[i] = true;
      return &c;
    }
  }
  return nullptr;
}

void RecordedBackends::check_request(const IntegrationCall& recorded, const std::string& body) {
  std::string diff = compare_bodies(recorded.request.body, body,
                                    "integration request body (" + recorded.target + ")");
  if (!diff.empty()) {
    problems_.push_back(std::move(diff));
  }
}

Result<Response> RecordedBackends::send(const HttpCall& call) {
  const std::string target = call.method + " " + call.url;
  const IntegrationCall* rec = take(Channel::Http, target);
  if (rec == nullptr) {
    problems_.push_back("integration call not in the recording: " + target + "\n");
    return fail(ErrorKind::Failure, "not in the recording: " + target);
  }
  check_request(*rec, call.body);
  if (!rec->error.empty()) {
    return fail(rec->error_kind, rec->error);
  }
  return rec->response;
}

Result<lambda::InvokeOutput> RecordedBackends::invoke(const lambda::Invocation& invocation) {
  const std::string target = invocation.function != nullptr ? invocation.function->name : "";
  const IntegrationCall* rec = take(Channel::Lambda, target);
  if (rec == nullptr) {
    problems_.push_back("Lambda invocation not in the recording: " + target + "\n");
    return fail(ErrorKind::Failure, "not in the recording: Lambda " + target);
  }
  if (!rec->cached) {  // a cached answer was given to another exchange's event
    check_request(*rec, invocation.payload);
  }
  if (!rec->error.empty()) {
    return fail(rec->error_kind, rec->error);
  }
  lambda::InvokeOutput out;
  out.payload = rec->response.body;
  out.function_error = rec->response.headers.has("X-Amz-Function-Error");
  out.request_id = std::string(rec->response.headers.get("x-amzn-RequestId").value_or(""));
  out.latency_ms = static_cast<int64_t>(rec->latency_ms);
  return out;
}

Result<Response> RecordedBackends::call(integrations::AwsCall c) {
  const std::string target = c.service + ":" + (c.action.empty() ? c.path : c.action);
  const IntegrationCall* rec = take(Channel::AwsSink, target);
  if (rec == nullptr) {
    problems_.push_back("AWS service call not in the recording: " + target + "\n");
    return fail(ErrorKind::Failure, "not in the recording: AWS " + target);
  }
  check_request(*rec, c.body);
  if (!rec->error.empty()) {
    return fail(rec->error_kind, rec->error);
  }
  return rec->response;
}

std::vector<std::string> RecordedBackends::finish() {
  for (size_t i = 0; calls_ != nullptr && i < calls_->size(); ++i) {
    if (!used_[i]) {
      const IntegrationCall& c = (*calls_)[i];
      problems_.push_back("recorded " + c.kind + " call not made: " + c.target + "\n");
    }
  }
  return std::move(problems_);
}

}  // namespace gw::replay
