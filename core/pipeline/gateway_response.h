#pragma once

/// Gateway responses: the answers API Gateway gives itself (route misses, auth failures,
/// integration errors), with their default status, message and `x-amzn-ErrorType`, customised
/// by `x-amazon-apigateway-gateway-responses`.
///
/// Emulates: the response types and defaults of fact 45, the default template
/// `{"message":$context.error.messageString}` (fact 44), `x-amzn-ErrorType` (fact 47),
/// DEFAULT_4XX/DEFAULT_5XX fallback and status overrides (fact 45), header mappings from
/// request data and static values (fact 46). HTTP APIs cannot customise gateway responses and
/// use their own bodies (fact 65: "Not Found", "Internal Server Error", "Service Unavailable").
/// Reads: x-amazon-apigateway-gateway-responses (statusCode, responseParameters,
/// responseTemplates).
/// Differences: templates are substituted textually ($context.*, $stageVariables.*) until the
/// VTL engine exists; REQUEST_TOO_LARGE is not customisable, as on AWS ("customizing the 413
/// REQUEST_TOO_LARGE gateway response is currently not supported", supported-gateway-response-
/// types.md).

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/http.h"
#include "core/model/api.h"
#include "core/pipeline/text_template.h"
#include "core/pipeline/value_expr.h"

namespace gw::pipeline {

class Exchange;

enum class GatewayResponseType {
  AccessDenied,
  ApiConfigurationError,
  AuthorizerConfigurationError,
  AuthorizerFailure,
  BadRequestParameters,
  BadRequestBody,
  Default4xx,
  Default5xx,
  ExpiredToken,
  IntegrationFailure,
  IntegrationTimeout,
  InvalidApiKey,
  InvalidSignature,
  MissingAuthenticationToken,
  QuotaExceeded,
  RequestTooLarge,
  ResourceNotFound,
  Throttled,
  Unauthorized,
  UnsupportedMediaType,
  WafFiltered,
};
inline constexpr size_t kGatewayResponseTypeCount = 21;

/// A type's built-in defaults.
struct GatewayResponseDefaults {
  std::string_view name;        ///< "MISSING_AUTHENTICATION_TOKEN"
  int status;                   ///< 0 for DEFAULT_4XX / DEFAULT_5XX
  std::string_view message;     ///< $context.error.message when the step gives no detail
  std::string_view error_type;  ///< x-amzn-ErrorType
};

const GatewayResponseDefaults& defaults_of(GatewayResponseType type);
std::string_view to_string(GatewayResponseType type);
std::optional<GatewayResponseType> parse_gateway_response_type(std::string_view name);
/// HTTP APIs' fixed status and message for a type (fact 2, fact 65).
std::pair<int, std::string_view> http_api_answer(GatewayResponseType type);

/// An API's gateway responses, compiled once per Gateway.
class GatewayResponses {
 public:
  explicit GatewayResponses(const model::Api& api);

  /// The response for type; ex.context.error_* must already be set. default_status (when not
  /// 0) replaces the type's built-in status unless the API customises the status.
  Response build(GatewayResponseType type, int default_status, const Exchange& ex) const;

 private:
  struct Compiled {
    std::optional<int> status;
    std::vector<std::pair<std::string, ValueExpr>> headers;  ///< name -> its source
    std::optional<TextTemplate> body;
    std::string content_type = "application/json";
  };
  Response build_rest(GatewayResponseType type, int default_status, const Exchange& ex) const;

  bool http_api_ = false;
  std::array<std::optional<Compiled>, kGatewayResponseTypeCount> custom_;
};

}  // namespace gw::pipeline
