#pragma once

/// The seam between the gateway and the network: HTTP integrations send through an HttpClient,
/// so replay can answer from a recording and tests from a fake.

#include <chrono>
#include <string>

#include "core/base/http.h"
#include "core/base/result.h"

namespace gw {

struct HttpCall {
  std::string method;
  std::string url;  ///< absolute: scheme://host[:port]/path?query
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{29000};
  bool insecure_skip_verification = false;
  /// Who makes the call, as the recording names it: "http", "http_proxy", "aws", "jwks".
  std::string kind = "http";
};

/// Failures: ErrorKind::Timeout (no answer in time), ErrorKind::Failure (refused, reset, TLS).
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<Response> send(const HttpCall& call) = 0;
};

}  // namespace gw
