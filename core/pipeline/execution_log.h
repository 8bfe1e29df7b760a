#pragma once

/// API Gateway's execution log (REST APIs: a stage's methodSettings loggingLevel ERROR or INFO,
/// dataTraceEnabled for the full requests and responses), as the lines CloudWatch's
/// API-Gateway-Execution-Logs_{apiId}/{stage} group receives, each "(requestId) message":
///   Extended Request Id, the usage plan check, the authorizer ("Starting authorizer: ID for
///   request: ...", "Successfully completed authorizer execution" / "Unauthorized request"),
///   "Starting execution for request", "HTTP Method: GET, Resource Path: /pets", each backend
///   call ("Endpoint request URI", "Sending request to", "Received response. Status: 200,
///   Integration latency: 3 ms"), "Execution failed due to configuration error: ..." for a
///   gateway 5xx, "Successfully completed execution", "Method completed with status: 200".
/// With dataTraceEnabled also the method request's path, query string, headers and body, each
/// endpoint request's headers and body and response's headers and body, and the method
/// response's body and headers ({Name=value, ...} as AWS prints maps). ERROR writes only the
/// lines of requests that failed (a 5xx, or the gateway's own 4xx). Rendered after the request
/// from what the Exchange and its recorded calls hold: no step writes a log line itself.
/// Known differences: headers and bodies are not cut at 1 KB as CloudWatch's entries are;
/// HTTP APIs have no execution logs on AWS (settings warned about at load, nothing written).

#include <string>
#include <vector>

#include "core/integrations/recorded_call.h"
#include "core/model/api.h"

namespace gw::pipeline {

class Exchange;

class ExecutionLogs {
 public:
  explicit ExecutionLogs(const model::Api& api);

  /// The request's lines (no newline), empty when its method's logging is OFF.
  std::vector<std::string> render(const Exchange& ex,
                                  const std::vector<IntegrationCall>& calls) const;

 private:
  enum class Level : uint8_t { Off, Error, Info };
  struct Setting {
    Level level = Level::Off;
    bool data = false;
  };
  Setting setting_for(const Exchange& ex) const;

  const model::Operation* first_op_ = nullptr;
  /// Per stage, per operation (index into api.operations).
  std::vector<std::pair<std::string, std::vector<Setting>>> by_stage_;
  bool any_ = false;
};

}  // namespace gw::pipeline
