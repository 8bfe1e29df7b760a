#pragma once

/// `gw token [SPEC]`: prints a JWT signed by gw's development issuer (an RSA key gw creates in
/// the state directory), so JWT and Cognito authorizers can be tried with no outside service.
/// Also the loopback endpoints `gw serve` answers for that issuer
/// (/.well-known/openid-configuration and /.well-known/jwks.json).

#include <CLI/CLI.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "core/base/http.h"

namespace gw::cli {

struct TokenOptions {
  std::string spec;       ///< optional: the state directory defaults to .gw/ beside it
  std::string state_dir;  ///< overrides the above
  std::string issuer;     ///< default: the development issuer
  std::string sub = "gw-dev-user";
  std::vector<std::string> audience;
  std::vector<std::string> scopes;
  std::vector<std::string> claims;  ///< k=v (v parsed as JSON when it is JSON)
  std::string expires_in = "1h";
  std::string token_use;  ///< id | access (Cognito)
  std::string client_id;
  bool jwks = false;    ///< print the JWKS instead of a token
  bool decode = false;  ///< print the claims as JSON after the token
};

void setup_token(CLI::App& app, ExitCode& result);
ExitCode run_token(const TokenOptions& options);

/// Seconds in "90", "90s", "15m", "1h", "2d" (a leading '-' for tokens already expired).
std::optional<long long> parse_duration(std::string_view text);

/// Serves the development issuer's discovery document and JWKS for `gw serve`.
class LocalIssuerEndpoints {
 public:
  explicit LocalIssuerEndpoints(std::string state_dir) : state_dir_(std::move(state_dir)) {}
  /// The answer for a /.well-known/ request, or nullopt for any other request.
  std::optional<Response> answer(const Request& request) const;

 private:
  std::string state_dir_;
  mutable std::mutex mu_;
  mutable std::string jwks_;  ///< cached once the key exists
};

}  // namespace gw::cli
