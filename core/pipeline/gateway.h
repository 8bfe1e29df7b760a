#pragma once

/// The one pipeline every request goes through, whichever driver brings it (serve, invoke,
/// replay). Thread-safe: one Gateway serves all requests of one loaded API; a reload builds a
/// new Gateway and swaps it in.

#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http.h"
#include "core/model/api.h"

namespace gw {

class HttpClient;
namespace lambda {
class LambdaInvoker;
}

/// Everything that varies run to run, injected.
struct GatewayDeps {
  Clock* clock = nullptr;
  Random* random = nullptr;
  HttpClient* http = nullptr;  ///< for HTTP / HTTP_PROXY / VPC_LINK integrations
  lambda::LambdaInvoker* lambda = nullptr;  ///< local functions (AWS_PROXY); nullptr = none
};

struct GatewayOptions {
  std::string only_stage;  ///< serve this stage alone ("" = every stage)
};

/// What happened to one request: the access-log line, `--trace` and `--json` read it.
struct RequestLog {
  std::string request_id;
  std::string extended_request_id;
  std::string method;
  std::string path;              ///< as requested (raw)
  std::string stage;             ///< "" when no stage matched
  std::string resource_path;     ///< "/pets/{id}"; route key for HTTP APIs; "" when unmatched
  int status = 0;
  double latency_ms = 0;
  double integration_latency_ms = -1;  ///< -1 when no integration ran
  int integration_status = 0;
  std::string error_type;        ///< gateway response type when the gateway answered itself
  std::string error_message;
  std::vector<std::string> trace;  ///< one line per step decision ("route: GET /pets -> ...")
};

/// A base URL path the API answers under, with what serves it.
struct StageEndpoint {
  std::string stage;      ///< "local", "prod", "$default"
  std::string base_path;  ///< "/local" or "" for an HTTP API's $default stage
};

class Gateway {
 public:
  Gateway(std::shared_ptr<const model::Api> api, GatewayDeps deps, GatewayOptions options = {});
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  /// Runs the request through the pipeline. Never throws; a bug in a step answers 500.
  Response handle(const Request& request, RequestLog* log = nullptr) const;

  const model::Api& api() const;
  /// The stages served, in order, with the path prefix each answers under.
  std::vector<StageEndpoint> endpoints() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw
