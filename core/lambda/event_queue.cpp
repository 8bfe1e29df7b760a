#include "core/lambda/event_queue.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/lambda/launch.h"
#include "core/lambda/pool.h"
#include "core/lambda/remote.h"

namespace gw::lambda {

namespace {

using Json = nlohmann::ordered_json;

// A payload as JSON: parsed when it is JSON, else kept as a string.
Json payload_json(const std::string& text) {
  Json parsed = Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? Json(text) : parsed;
}

std::string millis(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace

std::string invocation_record_json(const InvocationRecord& r) {
  Json record;
  record["version"] = "1.0";
  record["timestamp"] = format_iso8601(r.timestamp);
  record["requestContext"] = {{"requestId", r.request_id},
                              {"functionArn", function_arn(r.function_name) + ":$LATEST"},
                              {"condition", r.condition},
                              {"approximateInvokeCount", r.approximate_invoke_count}};
  record["requestPayload"] = payload_json(r.request_payload);
  Json response = {{"statusCode", r.status_code}, {"executedVersion", "$LATEST"}};
  if (r.function_error) {
    response["functionError"] = "Unhandled";
  }
  record["responseContext"] = std::move(response);
  record["responsePayload"] = payload_json(r.response_payload);
  return record.dump();
}

std::chrono::system_clock::time_point FunctionManager::wall_now() const {
  return options_.clock != nullptr ? options_.clock->now() : std::chrono::system_clock::now();
}

void FunctionManager::event_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const SteadyTime now = std::chrono::steady_clock::now();
    auto due = std::find_if(events_.begin(), events_.end(),
                            [now](const auto& job) { return job->not_before <= now; });
    if (due == events_.end()) {
      ++idle_runners_;
      if (events_.empty()) {
        events_cv_.wait(lock);
      } else {
        auto next = std::min_element(events_.begin(), events_.end(), [](auto& a, auto& b) {
          return a->not_before < b->not_before;
        });
        // A copy: wait_until reads its deadline again after the lock is released, when another
        // runner may already be running (and freeing) that job.
        const SteadyTime wake = (*next)->not_before;
        events_cv_.wait_until(lock, wake);
      }
      --idle_runners_;
      continue;
    }
    std::unique_ptr<EventJob> job = std::move(*due);
    events_.erase(due);
    lock.unlock();
    run_event(std::move(job));
    lock.lock();
  }
}

bool FunctionManager::enqueue(std::unique_ptr<EventJob> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return false;
    }
    events_.push_back(std::move(job));
    const size_t limit = static_cast<size_t>(std::max(1, options_.max_concurrency));
    if (idle_runners_ == 0 && event_runners_.size() < limit) {
      event_runners_.emplace_back([this] { event_loop(); });
    }
  }
  events_cv_.notify_one();
  return true;
}

void FunctionManager::run_event(std::unique_ptr<EventJob> job) {
  const std::string who = "[" + job->target.function_name + "] Event " + job->request_id + " ";
  if (wall_now() - job->queued_at > job->target.maximum_event_age) {
    note(who + "discarded: older than maximumEventAgeInSeconds " +
         std::to_string(job->target.maximum_event_age.count()) +
         (job->last_error ? " (" + job->last_error->message + ")" : std::string()));
    finish_event(std::move(job), Condition::EventAgeExceeded);
    return;
  }
  Result<InvokeOutput> out = job->target.pool != nullptr
                                 ? job->target.pool->invoke(job->request_id, job->invocation, false)
                                 : invoke_remote(job->invocation, job->request_id);
  if (!out) {
    retry_unrunnable(std::move(job), out.error());
    return;
  }
  ++job->invoke_count;
  job->last_error.reset();
  job->last_output = *out;
  if (!out->function_error) {
    note(who + "done");
    finish_event(std::move(job), Condition::Success);
    return;
  }
  const std::string error = "function error: " + out->payload.substr(0, 300);
  const size_t max_retries = static_cast<size_t>(std::max(0, job->target.maximum_retry_attempts));
  if (job->retries >= max_retries) {
    note(who + error + " (retries exhausted)");
    finish_event(std::move(job), Condition::RetriesExhausted);
    return;
  }
  const auto& delays = options_.event_retry_delays;
  const std::chrono::milliseconds delay = delays.empty()
                                              ? std::chrono::milliseconds(0)
                                              : delays[std::min(job->retries, delays.size() - 1)];
  ++job->retries;
  note(who + error + "; retry " + std::to_string(job->retries) + " of " +
       std::to_string(max_retries) + " in " + millis(delay));
  job->not_before = std::chrono::steady_clock::now() + delay;
  enqueue(std::move(job));
}

// Throttles and system errors go back to the queue with an exponential backoff until the event
// is too old (run_event checks its age first); a configuration gw cannot use ends it.
void FunctionManager::retry_unrunnable(std::unique_ptr<EventJob> job, const Error& error) {
  const std::string who = "[" + job->target.function_name + "] Event " + job->request_id + " ";
  if (error.kind == ErrorKind::BadInput || error.kind == ErrorKind::Internal) {
    note(who + "failed: " + error.message);
    return;
  }
  ++unrunnable_events_;
  job->backoff = job->backoff.count() == 0 ? options_.event_backoff_initial
                                           : std::min(job->backoff * 2, options_.event_backoff_max);
  // Logged when the reason changes, not on every attempt.
  if (!job->last_error || job->last_error->message != error.message) {
    note(who + (is_throttle(error) ? "throttled" : "could not run") + ": " + error.message +
         "; back in the queue (retried with backoff until maximumEventAgeInSeconds)");
  }
  job->last_error = error;
  job->not_before = std::chrono::steady_clock::now() + job->backoff;
  enqueue(std::move(job));
}

void FunctionManager::finish_event(std::unique_ptr<EventJob> job, Condition condition) {
  const bool success = condition == Condition::Success;
  const std::shared_ptr<const EventTarget>& to = success ? job->on_success : job->on_failure;
  if (!to) {
    return;
  }
  InvocationRecord r;
  r.timestamp = wall_now();
  r.request_id = job->request_id;
  r.function_name = job->target.function_name;
  r.condition = success                                    ? "Success"
                : condition == Condition::RetriesExhausted ? "RetriesExhausted"
                                                           : "EventAgeExceeded";
  r.approximate_invoke_count = job->invoke_count;
  r.request_payload = job->invocation.payload;
  if (job->last_output) {  // the last run's answer, even when a later retry was throttled
    r.function_error = job->last_output->function_error;
    r.response_payload = job->last_output->payload;
  } else {
    // Never ran to an answer: the status the Invoke API gave (429 throttled, 500 otherwise).
    const bool throttled = !job->last_error || is_throttle(*job->last_error);
    r.status_code = throttled ? 429 : 500;
    Json doc = {{"errorType", throttled ? "TooManyRequestsException" : "ServiceException"},
                {"errorMessage", job->last_error ? job->last_error->message : "Rate Exceeded."}};
    r.response_payload = doc.dump();
  }
  auto next = std::make_unique<EventJob>();
  next->target = *to;
  next->request_id = make_uuid(random_);
  next->invocation.payload = invocation_record_json(r);
  next->invocation.function = to->remote.get();
  next->invocation.caller_timeout =
      to->remote ? std::chrono::seconds(std::max(to->remote->timeout_seconds, 1) + 5)
                 : std::chrono::hours(6);
  next->queued_at = r.timestamp;
  note("[" + r.function_name + "] Event " + r.request_id + " " + r.condition + ": record sent to " +
       to->function_name + " (Event " + next->request_id + ")");
  enqueue(std::move(next));
}

Result<FunctionManager::EventTarget> FunctionManager::event_target(
    const model::Api& api, const model::FunctionConfig& fn) {
  EventTarget t;
  t.function_name = fn.name;
  t.maximum_retry_attempts = fn.maximum_retry_attempts;
  t.maximum_event_age = std::chrono::seconds(fn.maximum_event_age_seconds);
  if (!fn.url.empty()) {
    t.remote = std::make_shared<const model::FunctionConfig>(fn);
    return t;
  }
  Result<void> error;
  t.pool = pool_for(Invocation{&api, &fn, "", std::chrono::milliseconds(0), "", ""}, error);
  if (t.pool == nullptr) {
    return std::unexpected(error.error());
  }
  return t;
}

// A destination function, resolved while the API is at hand; ARNs of other services and
// unusable functions are logged once and skipped.
std::shared_ptr<const FunctionManager::EventTarget> FunctionManager::destination(
    const model::Api& api, const std::string& name) {
  if (name.empty()) {
    return nullptr;
  }
  auto note_once = [this, &name](const std::string& why) {
    std::lock_guard lock(mu_);
    if (noted_destinations_.insert(name).second) {
      note("gw: destination " + name + ": " + why);
    }
  };
  auto it = api.gw.functions.find(name);
  if (name.starts_with("arn:") || it == api.gw.functions.end()) {
    note_once(name.starts_with("arn:") ? "not emulated (only Lambda function destinations run)"
                                       : "no such function in x-gw.functions; ignored");
    return nullptr;
  }
  auto target = event_target(api, it->second);
  if (!target) {
    note_once(target.error().message);
    return nullptr;
  }
  return std::make_shared<const EventTarget>(std::move(*target));
}

Result<InvokeOutput> FunctionManager::invoke_event(const Invocation& invocation) {
  if (invocation.api == nullptr || invocation.function == nullptr) {
    return fail(ErrorKind::Internal, "invocation without a function");
  }
  const model::FunctionConfig& fn = *invocation.function;
  auto target = event_target(*invocation.api, fn);
  if (!target) {
    return std::unexpected(target.error());
  }
  auto job = std::make_unique<EventJob>();
  job->target = std::move(*target);
  job->on_success = destination(*invocation.api, fn.on_success);
  job->on_failure = destination(*invocation.api, fn.on_failure);
  job->request_id = make_uuid(random_);
  job->invocation = invocation;
  job->invocation.api = nullptr;
  job->invocation.function = job->target.remote.get();
  // An event waits in Lambda's queue (up to 6 hours) and then runs within its own timeout.
  job->invocation.caller_timeout = job->target.remote
                                       ? std::chrono::seconds(std::max(fn.timeout_seconds, 1) + 5)
                                       : std::chrono::hours(6);
  job->queued_at = wall_now();
  InvokeOutput out{"", false, job->request_id, false};
  if (!enqueue(std::move(job))) {
    return fail(ErrorKind::Failure, "gw is stopping");
  }
  return out;
}

}  // namespace gw::lambda
