#include "core/replay/recorded_backends.h"

#include "core/replay/compare.h"

namespace gw::replay {

void RecordedBackends::reset(const std::vector<IntegrationCall>* calls) {
  calls_ = calls;
  used_.assign(calls != nullptr ? calls->size() : 0, false);
  problems_.clear();
}

const IntegrationCall* RecordedBackends::take(bool lambda, const std::string& target) {
  if (calls_ == nullptr) {
    return nullptr;
  }
  for (size_t i = 0; i < calls_->size(); ++i) {
    const IntegrationCall& c = (*calls_)[i];
    if (!used_[i] && (c.kind == "lambda") == lambda && c.target == target) {
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
  const IntegrationCall* rec = take(false, target);
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
  const IntegrationCall* rec = take(true, target);
  if (rec == nullptr) {
    problems_.push_back("Lambda invocation not in the recording: " + target + "\n");
    return fail(ErrorKind::Failure, "not in the recording: Lambda " + target);
  }
  check_request(*rec, invocation.payload);
  if (!rec->error.empty()) {
    return fail(rec->error_kind, rec->error);
  }
  lambda::InvokeOutput out;
  out.payload = rec->response.body;
  out.function_error = rec->response.headers.has("X-Amz-Function-Error");
  out.request_id = std::string(rec->response.headers.get("x-amzn-RequestId").value_or(""));
  return out;
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
