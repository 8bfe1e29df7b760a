#pragma once

/// A stage's access-log format (Stage.accessLogSettings.format), compiled once when the API
/// loads: literal text and `$context.*` references, each resolved to a `LogVar`, so a request's
/// line is built by one pass that appends literals and values (no parsing, no lookups by name).
///
/// Emulates API Gateway's access logging: the REST variables of "Variables for access logging
/// for API Gateway" and the HTTP API ones of "Customize HTTP API access logs"; the longest known
/// name wins and what follows it is literal text; a variable without a value renders as `-`
/// (as real access logs show: https://github.com/DataBiosphere/azul/issues/6399).
/// The preset names CLF, JSON, XML and CSV stand for the console's examples (REST and HTTP APIs
/// have different ones). Known differences: values are inserted as they are, unescaped (AWS
/// documents no escaping); a line break inside a value becomes a space so every request stays one
/// line; WAF variables always render `-` (gw has no WAF).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gw::observe {

/// What a `$context.*` reference in an access-log format names.
enum class LogVar : uint8_t {
  None,  ///< a literal-only segment
  AccountId,
  ApiId,
  AuthorizeError,
  AuthorizeLatency,
  AuthorizeStatus,
  AuthenticateError,
  AuthenticateLatency,
  AuthenticateStatus,
  AuthorizerClaim,     ///< authorizer.claims.<arg>
  AuthorizerProperty,  ///< authorizer.<arg>: a key of a Lambda authorizer's context
  AuthorizerError,
  AuthorizerIntegrationLatency,
  AuthorizerIntegrationStatus,
  AuthorizerLatency,
  AuthorizerPrincipalId,
  AuthorizerRequestId,
  AuthorizerStatus,
  AwsEndpointRequestId,
  AwsEndpointRequestId2,
  CustomDomainBasePathMatched,
  DataProcessed,
  DeploymentId,
  DomainName,
  DomainPrefix,
  ErrorMessage,
  ErrorMessageString,
  ErrorResponseType,
  ErrorValidationErrorString,
  ExtendedRequestId,
  HttpMethod,
  IdentityAccountId,
  IdentityApiKey,
  IdentityApiKeyId,
  IdentityCaller,
  IdentityCognitoAuthenticationProvider,
  IdentityCognitoAuthenticationType,
  IdentityCognitoIdentityId,
  IdentityCognitoIdentityPoolId,
  IdentityPrincipalOrgId,
  IdentitySourceIp,
  IdentityUser,
  IdentityUserAgent,
  IdentityUserArn,
  ClientCertPem,
  ClientCertSubjectDn,
  ClientCertIssuerDn,
  ClientCertSerialNumber,
  ClientCertNotBefore,
  ClientCertNotAfter,
  IntegrationError,            ///< integration.error, integrationErrorMessage
  IntegrationStatusOfBackend,  ///< integration.integrationStatus, integrationStatus
  IntegrationLatency,          ///< integration.latency, integrationLatency
  IntegrationRequestId,
  IntegrationStatus,  ///< integration.status
  IsCanaryRequest,
  Path,
  Protocol,
  RequestId,
  RequestTime,
  RequestTimeEpoch,
  ResourceId,
  ResourcePath,
  ResponseLatency,
  ResponseLength,
  RouteKey,
  Stage,
  Status,
  Waf,  ///< waf.*, wafResponseCode, webaclArn: always "-"
  XrayTraceId,
  Unknown,  ///< not a variable API Gateway logs: "-" (warned about at load)
};

/// Literal text followed by one variable (`var` None for trailing text).
struct LogSegment {
  std::string literal;
  LogVar var = LogVar::None;
  std::string arg;  ///< the claim or context key of AuthorizerClaim / AuthorizerProperty
};

/// A variable the format names that API Gateway does not log.
struct UnknownLogVar {
  std::string name;   ///< "context.requestIdd"
  size_t offset = 0;  ///< where its `$` is in the format (after preset expansion)
};

/// The console's example format for a preset name (CLF, JSON, XML, CSV; case-sensitive), or ""
/// when `name` is not one; REST and HTTP APIs have different ones.
std::string_view access_log_preset(std::string_view name, bool http_api);

class AccessLogFormat {
 public:
  AccessLogFormat() = default;
  /// Parses `format` (or the preset it names) once.
  static AccessLogFormat compile(std::string_view format, bool http_api);

  bool empty() const { return segments_.empty(); }
  const std::string& text() const { return text_; }  ///< the format, presets expanded
  const std::vector<LogSegment>& segments() const { return segments_; }
  const std::vector<UnknownLogVar>& unknown() const { return unknown_; }
  /// True when some segment names `v` (lets the caller skip costly values nobody logs).
  bool uses(LogVar v) const;

  /// One line: `value(var, arg, out)` appends a variable's value to out; nothing appended
  /// means no value, rendered `-`.
  template <class ValueFn>
  std::string render(ValueFn&& value) const {
    std::string out;
    out.reserve(text_.size() + 64);
    for (const LogSegment& s : segments_) {
      out += s.literal;
      if (s.var == LogVar::None) {
        continue;
      }
      const size_t before = out.size();
      value(s.var, s.arg, out);
      if (out.size() == before) {
        out += '-';
      } else {
        one_line(out, before);
      }
    }
    return out;
  }

 private:
  static void one_line(std::string& out, size_t from);

  std::string text_;
  std::vector<LogSegment> segments_;
  std::vector<UnknownLogVar> unknown_;
};

}  // namespace gw::observe
