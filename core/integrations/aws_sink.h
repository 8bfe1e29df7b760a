#pragma once

/// The local stand-in for AWS services behind `AWS` integrations when no
/// x-gw.awsServices.endpoint is set. Every call (service, action, mapped request) is appended
/// to `<state dir>/aws-calls.jsonl` and printed to the log; the common targets answer as the
/// real services do (response shapes from the services' APIs, JSON as API Gateway receives
/// them):
///   sqs SendMessage, sns Publish (query protocol, JSON responses), dynamodb PutItem / GetItem /
///   Query / Scan / UpdateItem (SET) / DeleteItem against a table store in `<state dir>/dynamodb/`,
///   states StartExecution, events PutEvents, kinesis PutRecord, s3 GetObject / PutObject on
///   `<state dir>/s3/<bucket>/<key>`.
/// Anything else is an error naming the service and action (the gateway answers 500 and the
/// log says to set an endpoint).
/// Differences: DynamoDB tables have no declared key schema: an item's key attributes are the
/// ones of the first `Key` a GetItem/UpdateItem/DeleteItem/Query names, else its first
/// attribute; only `SET` update expressions and `=` / `begins_with` key conditions are known.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/base/result.h"

namespace gw::integrations {

/// One call as the integration made it.
struct AwsCall {
  std::string region;
  std::string service;  ///< "sqs", "dynamodb", ...
  std::string action;   ///< "SendMessage"; for S3 "GetObject" / "PutObject" from the method
  std::string path;     ///< path style: what follows path/ ("123456789012/orders")
  std::string method;
  std::string body;     ///< the rendered request template (or the passthrough body)
};

class AwsSink {
 public:
  /// state_dir "" keeps everything in memory (replay, tests without a spec file).
  AwsSink(std::string state_dir, Clock& clock, Random& random);
  ~AwsSink();
  AwsSink(const AwsSink&) = delete;
  AwsSink& operator=(const AwsSink&) = delete;

  /// The service's answer, or BadInput naming what the sink does not know.
  Result<Response> call(AwsCall call);

 private:
  struct Tables;
  Result<Response> dispatch(const AwsCall& c);
  Result<Response> s3(const AwsCall& c);
  void log(const AwsCall& c);

  std::string state_dir_;
  Clock& clock_;
  Random& random_;
  std::mutex mu_;
  std::unique_ptr<Tables> tables_;
  std::map<std::string, std::string> memory_objects_;  ///< S3 without a state dir
};

/// The action a query-protocol body names ("Action=SendMessage&..."), or "".
std::string query_action(std::string_view form_body);

}  // namespace gw::integrations
