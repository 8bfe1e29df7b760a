#pragma once

/// Lambda's asynchronous invocation queue, as FunctionManager runs it (the behaviour is
/// described in function_manager.h): the queued job, and the invocation record Lambda sends to
/// a destination
/// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/lambda/function_manager.h"

namespace gw::lambda {

/// Where an Event runs, with the function's asynchronous invocation settings: a local
/// function's pool, or its own copy of a `url:` function's configuration (so the job outlives
/// the request and a reloaded API).
struct FunctionManager::EventTarget {
  Pool* pool = nullptr;
  std::shared_ptr<const model::FunctionConfig> remote;
  std::string function_name;
  int maximum_retry_attempts = 2;
  std::chrono::seconds maximum_event_age{21600};
};

/// One queued Event invocation.
struct FunctionManager::EventJob {
  EventTarget target;
  std::shared_ptr<const EventTarget> on_success;  ///< destinations (null: none)
  std::shared_ptr<const EventTarget> on_failure;
  std::string request_id;  ///< kept by the retries, as on Lambda
  Invocation invocation;   ///< api is null; function is target.remote.get() or null
  std::chrono::system_clock::time_point queued_at;  ///< on options.clock: the event's age
  size_t retries = 0;                               ///< function-error retries made so far
  int invoke_count = 0;                  ///< times the function ran (approximateInvokeCount)
  std::chrono::milliseconds backoff{0};  ///< the last throttle / system-error delay
  std::chrono::steady_clock::time_point not_before{};
  std::optional<InvokeOutput> last_output;  ///< the last run's answer
  std::optional<Error> last_error;          ///< or why the last attempt could not run
};

/// The fields of one invocation record.
struct InvocationRecord {
  std::chrono::system_clock::time_point timestamp;
  std::string request_id;
  std::string function_name;
  std::string condition;  ///< Success | RetriesExhausted | EventAgeExceeded
  int approximate_invoke_count = 0;
  std::string request_payload;  ///< the event (JSON text; other text becomes a JSON string)
  int status_code = 200;
  bool function_error = false;   ///< responseContext.functionError "Unhandled"
  std::string response_payload;  ///< the response or error document
};

/// {"version":"1.0","timestamp":...,"requestContext":{"requestId","functionArn":"<arn>:$LATEST",
/// "condition","approximateInvokeCount"},"requestPayload":...,"responseContext":{"statusCode",
/// "executedVersion":"$LATEST"[,"functionError":"Unhandled"]},"responsePayload":...}, keys in
/// Lambda's order.
std::string invocation_record_json(const InvocationRecord& record);

}  // namespace gw::lambda
