#pragma once

/// AWS Signature Version 4 as API Gateway checks it for AWS_IAM methods: the Authorization
/// header form and the presigned query form, the canonical request (double-encoded path
/// segments, sorted query, signed headers, payload hash or UNSIGNED-PAYLOAD), the string to sign
/// and the signing key.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/http.h"
#include "core/base/result.h"

namespace gw::auth {

/// The signature a request carries.
struct SigV4Auth {
  std::string access_key;
  std::string date;  ///< yyyymmdd from the credential scope
  std::string region;
  std::string service;                      ///< "execute-api"
  std::vector<std::string> signed_headers;  ///< lower-case, as listed
  std::string signature;                    ///< hex
  std::string amz_date;                     ///< yyyymmddThhmmssZ
  bool presigned = false;
  long long expires_seconds = 0;  ///< X-Amz-Expires (presigned)
  std::string security_token;     ///< X-Amz-Security-Token, "" when absent
};

/// Why a request's signature could not even be read: the message API Gateway answers with and
/// whether it is IncompleteSignatureException (else MissingAuthenticationToken).
struct SigV4ParseError {
  std::string message;
  bool missing = false;  ///< no signature at all
};

/// Reads the Authorization header or the X-Amz-* query parameters.
std::expected<SigV4Auth, SigV4ParseError> parse_sigv4(const Request& request);

/// The canonical request for request as signed by auth.
std::string canonical_request(const Request& request, const SigV4Auth& auth);
/// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string string_to_sign(const SigV4Auth& auth, std::string_view canonical);
/// The hex signature with secret over string_to_sign.
std::string sigv4_signature(std::string_view secret, const SigV4Auth& auth,
                            std::string_view string_to_sign);

/// Seconds since the epoch for "yyyymmddThhmmssZ", nullopt when malformed.
std::optional<long long> parse_amz_date(std::string_view text);

}  // namespace gw::auth
