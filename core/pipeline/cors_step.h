#pragma once

/// CORS for HTTP APIs (x-amazon-apigateway-cors), on the way out.
///
/// Emulates fact 66: with a CORS configuration the gateway answers a preflight `OPTIONS` itself
/// (204) when no route takes it — a route that matches OPTIONS (an `OPTIONS` route, `ANY`,
/// `$default`) gets the request instead, authorizers included; CORS headers returned by the
/// integration are discarded and the configured ones added: `Access-Control-Allow-Origin` (the
/// request's Origin when it matches allowOrigins, wildcards like `https://*.example.com`
/// allowed, or `*`), `-Allow-Credentials`, `-Expose-Headers` on every response, and
/// `-Allow-Methods`, `-Allow-Headers`, `-Max-Age` on preflights whose requested method and
/// headers are allowed. An Origin that does not match gets no CORS headers.
/// REST APIs get nothing from this step: CORS there is only what the spec configures (OPTIONS
/// mock methods, responseParameters, gateway responses), so a Lambda proxy response without
/// `Access-Control-Allow-Origin` or a 5xx gateway error fails in the browser as on AWS (fact 77).
/// Reads: x-amazon-apigateway-cors.
/// Produces: the 204 preflight answer.
/// Differences: CORS headers are also added to the gateway's own error answers of an HTTP API.

#include <string>
#include <string_view>

#include "core/base/http.h"
#include "core/model/api.h"
#include "core/pipeline/step.h"

namespace gw::pipeline {

class CorsStep final : public Step {
 public:
  explicit CorsStep(const model::Api& api);
  std::string_view name() const override { return "cors"; }
  Flow on_request(Exchange& /*ex*/) const override { return Flow::Continue; }
  void on_response(Exchange& ex) const override;

  /// True when origin matches one of allowOrigins ("*" and "*"-wildcards allowed).
  bool origin_allowed(std::string_view origin) const;

 private:
  void preflight(Exchange& ex, std::string_view origin) const;
  void add_origin_headers(Response& r, std::string_view origin) const;
  bool method_allowed(std::string_view method) const;
  bool headers_allowed(std::string_view requested) const;

  bool enabled_ = false;
  model::CorsConfig cors_;
  std::string allow_methods_;
  std::string allow_headers_;
  std::string expose_headers_;
};

/// Glob match where '*' stands for any run of characters (case-insensitive).
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace gw::pipeline
