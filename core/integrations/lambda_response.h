#pragma once

/// How API Gateway turns a Lambda proxy function's answer into the client's response.
///
/// REST payload 1.0 (strict): only statusCode, headers, multiValueHeaders, body and
/// isBase64Encoded (fact 14); statusCode lenient: a numeric string works, absent → 200 with an
/// empty body, anything else → error (fact 15); a bare string or non-object → error (fact 16);
/// header values may be booleans or numbers, default Content-Type application/json (fact 18);
/// multiValueHeaders values must be arrays and merge with headers, multi values first, in
/// multiValueHeaders' casing (fact 19); isBase64Encoded decodes only when the response
/// Content-Type or the client's Accept matches binaryMediaTypes (fact 20).
/// HTTP API payload 1.0 (fact 64): unknown keys ignored, statusCode required, base64 always
/// decoded. HTTP API payload 2.0 (fact 63): without statusCode a valid JSON value is a 200
/// application/json body (a string as its text); `cookies` → one set-cookie each.
/// An error result carries the explanation gw logs (the client sees only the gateway's 502/500).

#include <string>
#include <string_view>
#include <vector>

#include "core/base/http.h"
#include "core/base/result.h"

namespace gw::integrations {

struct ProxyResponseRules {
  bool http_api = false;
  bool v2 = false;
  std::vector<std::string> binary_media_types;
  std::string accept;  ///< the client's Accept header
};

/// The client response for a function's payload, or Failure with what is wrong with its shape.
Result<Response> parse_lambda_proxy_response(std::string_view payload,
                                             const ProxyResponseRules& rules);

}  // namespace gw::integrations
