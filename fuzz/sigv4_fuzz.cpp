// Fuzz target: SigV4 as the AWS_IAM check reads it. The input's first line is the
// Authorization header value, the rest the query string (the presigned form); a parsed
// signature then goes through the canonical request and the string to sign.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/auth/sigv4.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  gw::Request req;
  req.method = "GET";
  req.path = "/prod/pets/%2Fa b";
  if (nl == std::string_view::npos) {
    req.headers.add("Authorization", std::string(input));
  } else {
    if (nl > 0) {
      req.headers.add("Authorization", std::string(input.substr(0, nl)));
    }
    req.query = std::string(input.substr(nl + 1));
  }
  req.headers.add("Host", "api.example.test");
  req.headers.add("X-Amz-Date", "20251125T211023Z");
  auto auth = gw::auth::parse_sigv4(req);
  if (auth) {
    std::string canonical = gw::auth::canonical_request(req, *auth);
    (void)gw::auth::sigv4_signature("secret", *auth, gw::auth::string_to_sign(*auth, canonical));
    (void)gw::auth::parse_amz_date(auth->amz_date);
  }
  return 0;
}
