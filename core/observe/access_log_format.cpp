#include "core/observe/access_log_format.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace gw::observe {
namespace {

// The console's examples, line breaks removed. REST: "Access logging for REST APIs"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html; the
// current page adds $context.extendedRequestId to the examples of the older set-up-logging.md of
// awsdocs/amazon-api-gateway-developer-guide). HTTP APIs:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html, whose
// current CLF and JSON examples end in $context.extendedRequestId (checked); XML and CSV are
// given the same addition (the page's text of those two was not seen whole).
constexpr std::string_view kRestClf =
    "$context.identity.sourceIp $context.identity.caller $context.identity.user "
    "[$context.requestTime]\"$context.httpMethod $context.resourcePath $context.protocol\" "
    "$context.status $context.responseLength $context.requestId $context.extendedRequestId";
constexpr std::string_view kRestJson =
    "{ \"requestId\":\"$context.requestId\", "
    "\"extendedRequestId\":\"$context.extendedRequestId\",\"ip\": \"$context.identity.sourceIp\", "
    "\"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\", "
    "\"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\", "
    "\"resourcePath\":\"$context.resourcePath\", \"status\":\"$context.status\", "
    "\"protocol\":\"$context.protocol\", \"responseLength\":\"$context.responseLength\" }";
constexpr std::string_view kRestXml =
    "<request id=\"$context.requestId\"> "
    "<extendedRequestId>$context.extendedRequestId</extendedRequestId> "
    "<ip>$context.identity.sourceIp</ip> "
    "<caller>$context.identity.caller</caller> <user>$context.identity.user</user> "
    "<requestTime>$context.requestTime</requestTime> "
    "<httpMethod>$context.httpMethod</httpMethod> "
    "<resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> "
    "<protocol>$context.protocol</protocol> "
    "<responseLength>$context.responseLength</responseLength> </request>";
constexpr std::string_view kRestCsv =
    "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,"
    "$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,"
    "$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId";
constexpr std::string_view kHttpClf =
    "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod "
    "$context.routeKey $context.protocol\" $context.status $context.responseLength "
    "$context.requestId $context.extendedRequestId";
constexpr std::string_view kHttpJson =
    "{ \"requestId\":\"$context.requestId\", \"ip\": \"$context.identity.sourceIp\", "
    "\"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\","
    "\"routeKey\":\"$context.routeKey\", \"status\":\"$context.status\","
    "\"protocol\":\"$context.protocol\", \"responseLength\":\"$context.responseLength\", "
    "\"extendedRequestId\": \"$context.extendedRequestId\" }";
constexpr std::string_view kHttpXml =
    "<request id=\"$context.requestId\"> <ip>$context.identity.sourceIp</ip> "
    "<requestTime>$context.requestTime</requestTime> "
    "<httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> "
    "<status>$context.status</status> <protocol>$context.protocol</protocol> "
    "<responseLength>$context.responseLength</responseLength> "
    "<extendedRequestId>$context.extendedRequestId</extendedRequestId> </request>";
constexpr std::string_view kHttpCsv =
    "$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,"
    "$context.protocol,$context.status,$context.responseLength,$context.requestId,"
    "$context.extendedRequestId";

struct Known {
  std::string_view name;  ///< after "$context."
  LogVar var;
};

// The union of the REST and HTTP API access-logging tables.
constexpr auto kKnown = std::to_array<Known>({
    {"accountId", LogVar::AccountId},
    {"apiId", LogVar::ApiId},
    {"authorize.error", LogVar::AuthorizeError},
    {"authorize.latency", LogVar::AuthorizeLatency},
    {"authorize.status", LogVar::AuthorizeStatus},
    {"authenticate.error", LogVar::AuthenticateError},
    {"authenticate.latency", LogVar::AuthenticateLatency},
    {"authenticate.status", LogVar::AuthenticateStatus},
    {"authorizer.error", LogVar::AuthorizerError},
    {"authorizer.integrationLatency", LogVar::AuthorizerIntegrationLatency},
    {"authorizer.integrationStatus", LogVar::AuthorizerIntegrationStatus},
    {"authorizer.latency", LogVar::AuthorizerLatency},
    {"authorizer.principalId", LogVar::AuthorizerPrincipalId},
    {"authorizer.requestId", LogVar::AuthorizerRequestId},
    {"authorizer.status", LogVar::AuthorizerStatus},
    {"awsEndpointRequestId", LogVar::AwsEndpointRequestId},
    {"awsEndpointRequestId2", LogVar::AwsEndpointRequestId2},
    {"customDomain.basePathMatched", LogVar::CustomDomainBasePathMatched},
    {"dataProcessed", LogVar::DataProcessed},
    {"deploymentId", LogVar::DeploymentId},
    {"domainName", LogVar::DomainName},
    {"domainPrefix", LogVar::DomainPrefix},
    {"error.message", LogVar::ErrorMessage},
    {"error.messageString", LogVar::ErrorMessageString},
    {"error.responseType", LogVar::ErrorResponseType},
    {"error.validationErrorString", LogVar::ErrorValidationErrorString},
    {"extendedRequestId", LogVar::ExtendedRequestId},
    {"httpMethod", LogVar::HttpMethod},
    {"identity.accountId", LogVar::IdentityAccountId},
    {"identity.apiKey", LogVar::IdentityApiKey},
    {"identity.apiKeyId", LogVar::IdentityApiKeyId},
    {"identity.caller", LogVar::IdentityCaller},
    {"identity.cognitoAuthenticationProvider", LogVar::IdentityCognitoAuthenticationProvider},
    {"identity.cognitoAuthenticationType", LogVar::IdentityCognitoAuthenticationType},
    {"identity.cognitoIdentityId", LogVar::IdentityCognitoIdentityId},
    {"identity.cognitoIdentityPoolId", LogVar::IdentityCognitoIdentityPoolId},
    {"identity.principalOrgId", LogVar::IdentityPrincipalOrgId},
    {"identity.clientCert.clientCertPem", LogVar::ClientCertPem},
    {"identity.clientCert.subjectDN", LogVar::ClientCertSubjectDn},
    {"identity.clientCert.issuerDN", LogVar::ClientCertIssuerDn},
    {"identity.clientCert.serialNumber", LogVar::ClientCertSerialNumber},
    {"identity.clientCert.validity.notBefore", LogVar::ClientCertNotBefore},
    {"identity.clientCert.validity.notAfter", LogVar::ClientCertNotAfter},
    {"identity.sourceIp", LogVar::IdentitySourceIp},
    {"identity.user", LogVar::IdentityUser},
    {"identity.userAgent", LogVar::IdentityUserAgent},
    {"identity.userArn", LogVar::IdentityUserArn},
    {"integration.error", LogVar::IntegrationError},
    {"integration.integrationStatus", LogVar::IntegrationStatusOfBackend},
    {"integration.latency", LogVar::IntegrationLatency},
    {"integration.requestId", LogVar::IntegrationRequestId},
    {"integration.status", LogVar::IntegrationStatus},
    {"integrationErrorMessage", LogVar::IntegrationError},
    {"integrationLatency", LogVar::IntegrationLatency},
    {"integrationStatus", LogVar::IntegrationStatusOfBackend},
    {"isCanaryRequest", LogVar::IsCanaryRequest},
    {"path", LogVar::Path},
    {"protocol", LogVar::Protocol},
    {"requestId", LogVar::RequestId},
    {"requestTime", LogVar::RequestTime},
    {"requestTimeEpoch", LogVar::RequestTimeEpoch},
    {"resourceId", LogVar::ResourceId},
    {"resourcePath", LogVar::ResourcePath},
    {"responseLatency", LogVar::ResponseLatency},
    {"responseLength", LogVar::ResponseLength},
    {"routeKey", LogVar::RouteKey},
    {"stage", LogVar::Stage},
    {"status", LogVar::Status},
    {"waf.error", LogVar::Waf},
    {"waf.latency", LogVar::Waf},
    {"waf.status", LogVar::Waf},
    {"wafResponseCode", LogVar::Waf},
    {"webaclArn", LogVar::Waf},
    {"xrayTraceId", LogVar::XrayTraceId},
});

constexpr std::string_view kContext = "$context.";

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of the run of characters `ok` accepts at the start of s.
template <class Ok>
size_t run(std::string_view s, Ok ok) {
  size_t n = 0;
  while (n < s.size() && ok(s[n])) {
    ++n;
  }
  return n;
}

struct Match {
  size_t length = 0;  ///< of the name after "$context."; 0 = none
  LogVar var = LogVar::None;
  std::string arg;
};

// The longest reading of `rest` (the text after "$context."): a fixed name, or
// authorizer.claims.<claim> / authorizer.<key>; a fixed name wins a tie.
Match longest(std::string_view rest) {
  Match best;
  for (const Known& k : kKnown) {
    if (k.name.size() > best.length && rest.starts_with(k.name)) {
      best = {k.name.size(), k.var, {}};
    }
  }
  constexpr std::string_view kClaims = "authorizer.claims.";
  constexpr std::string_view kAuthorizer = "authorizer.";
  if (rest.starts_with(kClaims)) {
    const std::string_view tail = rest.substr(kClaims.size());
    const size_t n = run(tail, [](char c) { return name_char(c) || c == ':' || c == '-'; });
    if (n > 0 && kClaims.size() + n > best.length) {
      best = {kClaims.size() + n, LogVar::AuthorizerClaim, std::string(tail.substr(0, n))};
    }
  } else if (rest.starts_with(kAuthorizer)) {
    const std::string_view tail = rest.substr(kAuthorizer.size());
    const size_t n = run(tail, name_char);  // AWS: '_' is the only special character allowed
    if (n > 0 && kAuthorizer.size() + n > best.length) {
      best = {kAuthorizer.size() + n, LogVar::AuthorizerProperty, std::string(tail.substr(0, n))};
    }
  }
  return best;
}

}  // namespace

std::string_view access_log_preset(std::string_view name, bool http_api) {
  static constexpr std::array<std::pair<std::string_view, std::array<std::string_view, 2>>, 4>
      kPresets = {{{"CLF", {kRestClf, kHttpClf}},
                   {"JSON", {kRestJson, kHttpJson}},
                   {"XML", {kRestXml, kHttpXml}},
                   {"CSV", {kRestCsv, kHttpCsv}}}};
  for (const auto& [preset, formats] : kPresets) {
    if (preset == name) {
      return formats[http_api ? 1 : 0];
    }
  }
  return {};
}

AccessLogFormat AccessLogFormat::compile(std::string_view format, bool http_api) {
  AccessLogFormat f;
  const std::string_view preset = access_log_preset(format, http_api);
  f.text_ = std::string(preset.empty() ? format : preset);
  const std::string_view text = f.text_;
  LogSegment current;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t at = text.find(kContext, pos);
    if (at == std::string_view::npos) {
      current.literal.append(text.substr(pos));
      break;
    }
    current.literal.append(text.substr(pos, at - pos));
    const std::string_view rest = text.substr(at + kContext.size());
    Match m = longest(rest);
    if (m.length == 0) {
      const size_t n = run(rest, [](char c) { return name_char(c) || c == '.'; });
      std::string_view name = rest.substr(0, n);
      while (name.ends_with('.')) {
        name.remove_suffix(1);
      }
      if (name.empty()) {  // "$context." and no name: plain text
        current.literal.append(kContext);
        pos = at + kContext.size();
        continue;
      }
      f.unknown_.push_back({"context." + std::string(name), at});
      m = {name.size(), LogVar::Unknown, {}};
    }
    current.var = m.var;
    current.arg = std::move(m.arg);
    f.segments_.push_back(std::move(current));
    current = LogSegment{};
    pos = at + kContext.size() + m.length;
  }
  if (!current.literal.empty()) {
    f.segments_.push_back(std::move(current));
  }
  return f;
}

bool AccessLogFormat::uses(LogVar v) const {
  return std::any_of(segments_.begin(), segments_.end(),
                     [v](const LogSegment& s) { return s.var == v; });
}

void AccessLogFormat::one_line(std::string& out, size_t from) {
  // memchr, not a byte loop: every access line passes through here (1 000 instructions a line).
  for (const char c : {'\n', '\r'}) {
    char* p = out.data() + std::min(from, out.size());
    char* const end = out.data() + out.size();
    while ((p = static_cast<char*>(std::memchr(p, c, static_cast<size_t>(end - p)))) != nullptr) {
      *p++ = ' ';
    }
  }
}

}  // namespace gw::observe
