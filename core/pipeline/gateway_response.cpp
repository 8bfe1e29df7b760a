#include "core/pipeline/gateway_response.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

// Facts 44, 45, 47, 48. Messages for types that no recording pins down follow LocalStack's
// gateway_response.py table ([reported]).
constexpr std::array<GatewayResponseDefaults, kGatewayResponseTypeCount> kDefaults{{
    {"ACCESS_DENIED", 403, "User is not authorized to access this resource",
     "AccessDeniedException"},
    {"API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException"},
    // A failing Lambda authorizer answers 500 {"message":null} (widely reported, e.g.
    // loige.co "Debugging custom ApiGateway authorizers"): its message is null, not text.
    {"AUTHORIZER_CONFIGURATION_ERROR", 500, "", "AuthorizerConfigurationException"},
    {"AUTHORIZER_FAILURE", 500, "Internal server error", "InternalServerErrorException"},
    {"BAD_REQUEST_PARAMETERS", 400, "Bad Request", "BadRequestException"},
    {"BAD_REQUEST_BODY", 400, "Invalid request body", "BadRequestException"},
    {"DEFAULT_4XX", 0, "", "BadRequestException"},
    {"DEFAULT_5XX", 0, "", "InternalServerErrorException"},
    {"EXPIRED_TOKEN", 403, "The security token included in the request is expired",
     "ExpiredTokenException"},
    {"INTEGRATION_FAILURE", 504, "Internal server error", "InternalServerErrorException"},
    {"INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException"},
    {"INVALID_API_KEY", 403, "Forbidden", "ForbiddenException"},
    {"INVALID_SIGNATURE", 403,
     "The request signature we calculated does not match the signature you provided",
     "InvalidSignatureException"},
    {"MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token",
     "MissingAuthenticationTokenException"},
    {"QUOTA_EXCEEDED", 429, "Limit Exceeded", "LimitExceededException"},
    {"REQUEST_TOO_LARGE", 413, "Request Too Long", "RequestTooLargeException"},
    {"RESOURCE_NOT_FOUND", 404, "Not Found", "NotFoundException"},
    {"THROTTLED", 429, "Too Many Requests", "TooManyRequestsException"},
    {"UNAUTHORIZED", 401, "Unauthorized", "UnauthorizedException"},
    {"UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type", "BadRequestException"},
    {"WAF_FILTERED", 403, "Forbidden", "WAFFilteredException"},
}};

size_t index_of(GatewayResponseType t) { return static_cast<size_t>(t); }

}  // namespace

std::pair<int, std::string_view> http_api_answer(GatewayResponseType t) {
  using T = GatewayResponseType;
  switch (t) {
    case T::MissingAuthenticationToken:
    case T::ResourceNotFound:
      return {404, "Not Found"};
    case T::IntegrationTimeout:
      return {503, "Service Unavailable"};
    case T::Unauthorized:
      return {401, "Unauthorized"};
    case T::AccessDenied:
    case T::InvalidApiKey:
    case T::WafFiltered:
    case T::ExpiredToken:
    case T::InvalidSignature:
      return {403, "Forbidden"};
    case T::Throttled:
    case T::QuotaExceeded:
      return {429, "Too Many Requests"};
    case T::RequestTooLarge:
      return {413, "Request Entity Too Large"};
    case T::UnsupportedMediaType:
      return {415, "Unsupported Media Type"};
    case T::BadRequestBody:
    case T::BadRequestParameters:
    case T::Default4xx:
      return {400, "Bad Request"};
    default:
      return {500, "Internal Server Error"};
  }
}

const GatewayResponseDefaults& defaults_of(GatewayResponseType type) {
  return kDefaults[index_of(type)];
}

std::string_view to_string(GatewayResponseType type) { return defaults_of(type).name; }

std::optional<GatewayResponseType> parse_gateway_response_type(std::string_view name) {
  for (size_t i = 0; i < kDefaults.size(); ++i) {
    if (kDefaults[i].name == name) {
      return static_cast<GatewayResponseType>(i);
    }
  }
  return std::nullopt;
}

GatewayResponses::GatewayResponses(const model::Api& api)
    : http_api_(api.type == model::ApiType::Http) {
  for (const auto& [name, gr] : api.gateway_responses) {
    std::optional<GatewayResponseType> type = parse_gateway_response_type(name);
    if (!type || *type == GatewayResponseType::RequestTooLarge) {
      continue;  // unknown types are the linter's business; 413 is not customisable on AWS
    }
    Compiled c;
    c.status = gr.status_code;
    for (const auto& [key, expr] : gr.response_parameters) {
      constexpr std::string_view kPrefix = "gatewayresponse.header.";
      if (key.starts_with(kPrefix)) {
        if (auto source = ValueExpr::parse(expr, ValueExpr::Dialect::Rest)) {
          c.headers.emplace_back(key.substr(kPrefix.size()), std::move(*source));
        }
      }
    }
    auto tmpl = gr.response_templates.find("application/json");
    if (tmpl == gr.response_templates.end()) {
      tmpl = gr.response_templates.begin();
    }
    if (tmpl != gr.response_templates.end()) {
      c.body = TextTemplate(tmpl->second);
      c.content_type = tmpl->first;
    }
    custom_[index_of(*type)] = std::move(c);
  }
}

Response GatewayResponses::build(GatewayResponseType type, int default_status,
                                 const Exchange& ex) const {
  if (!http_api_) {
    return build_rest(type, default_status, ex);
  }
  auto [status, message] = http_api_answer(type);
  Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.body = std::string("{\"message\":") + json_quote(message) + "}";
  return r;
}

Response GatewayResponses::build_rest(GatewayResponseType type, int default_status,
                                      const Exchange& ex) const {
  const GatewayResponseDefaults& def = defaults_of(type);
  int status = default_status != 0 ? default_status : def.status;
  const Compiled* custom = custom_[index_of(type)] ? &*custom_[index_of(type)] : nullptr;
  if (custom == nullptr) {
    auto fallback =
        status >= 500 ? GatewayResponseType::Default5xx : GatewayResponseType::Default4xx;
    if (type != GatewayResponseType::RequestTooLarge && custom_[index_of(fallback)]) {
      custom = &*custom_[index_of(fallback)];
    }
  }
  Response r;
  r.status = custom != nullptr && custom->status ? *custom->status : status;
  r.headers.add("Content-Type", custom != nullptr ? custom->content_type : "application/json");
  r.headers.add("x-amzn-ErrorType", std::string(def.error_type));
  if (custom != nullptr && custom->body) {
    r.body = custom->body->render(ex);
  } else {
    r.body = "{\"message\":" + *ex.context_value("error.messageString") + "}";
  }
  if (custom != nullptr) {
    for (const auto& [name, expr] : custom->headers) {
      std::optional<std::string> v = expr.eval(ex);
      if (v) {
        r.headers.set(name, std::move(*v));
      }
    }
  }
  return r;
}

}  // namespace gw::pipeline
