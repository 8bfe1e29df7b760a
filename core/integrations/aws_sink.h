#pragma once

/// The local stand-in for AWS services behind `AWS` integrations when no
/// x-gw.awsServices.endpoint is set. Every call (service, action, mapped request) is appended
/// to `<state dir>/aws-calls.jsonl` and said to the injected log; the common targets answer as the
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
#include <functional>
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

/// What AWS integrations without an endpoint call (GatewayDeps::aws): the local sink below,
/// its recording decorator, or replay's recorded answers.
class AwsServices {
 public:
  virtual ~AwsServices() = default;
  /// The service's answer, or BadInput naming what is not emulated.
  virtual Result<Response> call(AwsCall call) = 0;
};

/// Where the sink says what it was asked (one line per call); nullptr says nothing.
using AwsSinkLog = std::function<void(const std::string& line)>;

class AwsSink final : public AwsServices {
 public:
  /// state_dir "" keeps everything in memory (replay, invoke, tests without a spec file).
  AwsSink(std::string state_dir, Clock& clock, Random& random, AwsSinkLog log = nullptr);
  ~AwsSink() override;
  AwsSink(const AwsSink&) = delete;
  AwsSink& operator=(const AwsSink&) = delete;

  /// The service's answer, or BadInput naming what the sink does not know.
  Result<Response> call(AwsCall call) override;

 private:
  struct Tables;
  Result<Response> dispatch(const AwsCall& c);
  Result<Response> s3(const AwsCall& c);
  void log(const AwsCall& c);

  std::string state_dir_;
  Clock& clock_;
  Random& random_;
  AwsSinkLog say_;
  std::mutex mu_;
  std::unique_ptr<Tables> tables_;
  std::map<std::string, std::string> memory_objects_;  ///< S3 without a state dir
};

/// The action a query-protocol body names ("Action=SendMessage&..."), or "".
std::string query_action(std::string_view form_body);

}  // namespace gw::integrations
