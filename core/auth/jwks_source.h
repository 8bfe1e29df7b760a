#pragma once

/// Where an authorizer's signing keys come from: a JWKS file (relative to the spec), a loopback
/// URL, OpenID discovery (`{issuer}/.well-known/openid-configuration` → jwks_uri), or gw's
/// development issuer (`local`, the key `gw token` signs with). Fetched lazily through the
/// gateway's HttpClient with API Gateway's 1500 ms JWKS timeout (fact 58), kept, and fetched
/// again (at most every 10 s) when a token names an unknown kid.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/auth/jwt.h"
#include "core/model/api.h"

namespace gw::pipeline {
class Exchange;
}

namespace gw::auth {

class JwksSource {
 public:
  /// location: "local", "discover:<issuer>", an http(s) URL, or a file path.
  /// state_dir holds the development issuer key (location "local").
  JwksSource(const model::Api& api, std::string location, std::string state_dir);

  /// The keys, or nullptr with why set.
  std::shared_ptr<const Jwks> get(pipeline::Exchange& ex, std::string_view kid,
                                  std::string& why) const;
  const std::string& location() const { return location_; }

 private:
  Result<std::string> load_text(pipeline::Exchange& ex) const;
  Result<std::string> fetch(pipeline::Exchange& ex, const std::string& url) const;

  const model::Api& api_;
  std::string location_;
  std::string state_dir_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const Jwks> jwks_;
  mutable std::chrono::steady_clock::time_point fetched_{};
  mutable bool ever_fetched_ = false;
};

/// The JWKS location for an issuer: the x-gw.userPools entry's jwks when given, discovery for
/// a loopback http(s) issuer, otherwise gw's development issuer.
std::string jwks_location_for(const model::Api& api, std::string_view issuer,
                              const model::UserPool* pool);

}  // namespace gw::auth
