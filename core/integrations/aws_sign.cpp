#include "core/integrations/aws_sign.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/auth/sigv4.h"
#include "core/base/clock.h"
#include "core/base/crypto.h"
#include "core/base/strings.h"

namespace gw::integrations {

namespace {

// "2026-11-26T02:57:00Z" -> "20261126T025700Z".
std::string amz_date(std::chrono::system_clock::time_point now) {
  std::string iso = format_iso8601(now);
  std::string out;
  for (char c : iso) {
    if (c == '.') {
      break;  // no fractional seconds
    }
    if (c != '-' && c != ':') {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() != 'Z') {
    out.push_back('Z');
  }
  return out;
}

}  // namespace

// x-gw.awsServices credentials, else the usual environment variables, else LocalStack's
// conventional "test" / "test".
AwsCredentials credentials_of(const model::GwConfig& gw) {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v != nullptr ? v : "");
  };
  AwsCredentials c{gw.aws_services_access_key_id, gw.aws_services_secret_access_key,
                   gw.aws_services_session_token};
  if (c.access_key_id.empty()) {
    c = {env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN")};
  }
  if (c.access_key_id.empty()) {
    c = {"test", "test", ""};
  }
  return c;
}

void sign_aws_call(HttpCall& call, const AwsCredentials& credentials, std::string_view region,
                   std::string_view service, std::chrono::system_clock::time_point now) {
  std::string_view url = call.url;
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t slash = url.find_first_of("/?", start);
  std::string host(url.substr(start, slash == std::string_view::npos ? url.npos : slash - start));
  std::string_view rest = slash == std::string_view::npos ? "/" : url.substr(slash);
  size_t q = rest.find('?');

  Request r;
  r.method = call.method;
  r.path = std::string(q == std::string_view::npos ? rest : rest.substr(0, q));
  if (r.path.empty()) {
    r.path = "/";
  }
  r.query = q == std::string_view::npos ? "" : std::string(rest.substr(q + 1));
  r.body = call.body;
  auth::SigV4Auth a;
  a.access_key = credentials.access_key_id;
  a.amz_date = amz_date(now);
  a.date = a.amz_date.substr(0, 8);
  a.region = std::string(region);
  a.service = std::string(service);
  call.headers.set("Host", host);
  call.headers.set("X-Amz-Date", a.amz_date);
  call.headers.set("X-Amz-Content-Sha256", crypto::to_hex(crypto::sha256(call.body)));
  if (!credentials.session_token.empty()) {
    call.headers.set("X-Amz-Security-Token", credentials.session_token);
  }
  call.headers.remove("Authorization");
  for (const auto& [name, value] : call.headers) {
    std::string lower = to_lower(name);
    r.headers.add(name, value);
    if (std::find(a.signed_headers.begin(), a.signed_headers.end(), lower) ==
        a.signed_headers.end()) {
      a.signed_headers.push_back(std::move(lower));
    }
  }
  std::sort(a.signed_headers.begin(), a.signed_headers.end());
  std::string signature = auth::sigv4_signature(
      credentials.secret_access_key, a, auth::string_to_sign(a, auth::canonical_request(r, a)));
  std::string names;
  for (const std::string& h : a.signed_headers) {
    names += names.empty() ? "" : ";";
    names += h;
  }
  call.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=" + a.access_key + "/" + a.date +
                                        "/" + a.region + "/" + a.service +
                                        "/aws4_request, SignedHeaders=" + names +
                                        ", Signature=" + signature);
}

}  // namespace gw::integrations
