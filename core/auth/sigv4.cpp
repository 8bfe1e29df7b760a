#include "core/auth/sigv4.h"

#include <algorithm>
#include <ctime>

#include "core/base/crypto.h"
#include "core/base/strings.h"

namespace gw::auth {

namespace {

std::unexpected<SigV4ParseError> incomplete(std::string message) {
  return std::unexpected(SigV4ParseError{std::move(message), false});
}

// "<key>/<date>/<region>/<service>/aws4_request"
bool read_credential(std::string_view cred, SigV4Auth& a) {
  std::vector<std::string_view> parts = split(cred, '/');
  if (parts.size() != 5 || parts[4] != "aws4_request") {
    return false;
  }
  a.access_key = parts[0];
  a.date = parts[1];
  a.region = parts[2];
  a.service = parts[3];
  return true;
}

void read_signed_headers(std::string_view list, SigV4Auth& a) {
  for (std::string_view h : split(list, ';')) {
    if (!trim(h).empty()) {
      a.signed_headers.push_back(to_lower(trim(h)));
    }
  }
}

std::expected<SigV4Auth, SigV4ParseError> parse_header(std::string_view value, const Request& req) {
  SigV4Auth a;
  constexpr std::string_view kAlg = "AWS4-HMAC-SHA256";
  value = trim(value);
  if (!value.starts_with(kAlg)) {
    return incomplete(
        "Authorization header requires 'Credential' parameter. Authorization "
        "header requires 'Signature' parameter. Authorization header requires "
        "'SignedHeaders' parameter. Authorization header requires existence of "
        "either a 'X-Amz-Date' or a 'Date' header. Authorization=" +
        std::string(value));
  }
  std::string missing;
  bool cred = false;
  bool sig = false;
  bool sh = false;
  for (std::string_view part : split(value.substr(kAlg.size()), ',')) {
    part = trim(part);
    size_t eq = part.find('=');
    std::string_view k = eq == std::string_view::npos ? part : part.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    if (k == "Credential") {
      cred = read_credential(v, a);
    } else if (k == "SignedHeaders") {
      sh = true;
      read_signed_headers(v, a);
    } else if (k == "Signature") {
      sig = !v.empty();
      a.signature = v;
    }
  }
  auto date = req.headers.get("X-Amz-Date");
  for (auto [ok, name] :
       {std::pair{cred, "Credential"}, {sig, "Signature"}, {sh, "SignedHeaders"}}) {
    if (!ok) {
      missing += "Authorization header requires '" + std::string(name) + "' parameter. ";
    }
  }
  if (!date) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header. ";
  }
  if (!missing.empty()) {
    return incomplete(missing + "Authorization=" + std::string(value));
  }
  a.amz_date = std::string(*date);
  if (auto tok = req.headers.get("X-Amz-Security-Token")) {
    a.security_token = std::string(*tok);
  }
  return a;
}

std::expected<SigV4Auth, SigV4ParseError> parse_query_form(const Request& req) {
  SigV4Auth a;
  a.presigned = true;
  bool cred = false;
  bool any = false;
  for (const auto& [k, v] : parse_query(req.query)) {
    if (k == "X-Amz-Credential") {
      cred = read_credential(v, a);
    } else if (k == "X-Amz-SignedHeaders") {
      read_signed_headers(v, a);
    } else if (k == "X-Amz-Signature") {
      a.signature = v;
      any = true;
    } else if (k == "X-Amz-Date") {
      a.amz_date = v;
    } else if (k == "X-Amz-Expires") {
      a.expires_seconds = std::atoll(v.c_str());
    } else if (k == "X-Amz-Security-Token") {
      a.security_token = v;
    }
  }
  if (!any) {
    return std::unexpected(SigV4ParseError{"Missing Authentication Token", true});
  }
  if (!cred || a.amz_date.empty() || a.signed_headers.empty()) {
    return incomplete(
        "AWS query-string parameters must include 'X-Amz-Algorithm', "
        "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', "
        "'X-Amz-Date'. Re-examine the query-string parameters.");
  }
  return a;
}

std::string canonical_uri(std::string_view raw_path) {
  std::vector<std::string> segments;
  for (std::string_view s : split(raw_path, '/')) {
    if (s.empty() || s == ".") {
      continue;
    }
    if (s == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(percent_encode(s));  // non-S3 services encode the raw path again
  }
  std::string out;
  for (const std::string& s : segments) {
    out += "/" + s;
  }
  if (out.empty() || (raw_path.size() > 1 && raw_path.ends_with("/"))) {
    out += "/";
  }
  return out;
}

std::string canonical_query(std::string_view raw, bool presigned) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view piece : split(raw, '&')) {
    if (piece.empty()) {
      continue;
    }
    size_t eq = piece.find('=');
    std::string k = percent_decode(piece.substr(0, eq));
    std::string v = eq == std::string_view::npos ? "" : percent_decode(piece.substr(eq + 1));
    if (presigned && k == "X-Amz-Signature") {
      continue;
    }
    pairs.emplace_back(percent_encode(k), percent_encode(v));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out.append(k).append("=").append(v);
  }
  return out;
}

std::string header_value(const Request& req, const std::string& name) {
  std::string joined;
  for (std::string_view v : req.headers.get_all(name)) {
    std::string collapsed;
    bool space = false;
    for (char c : trim(v)) {
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space && !collapsed.empty()) {
        collapsed.push_back(' ');
      }
      space = false;
      collapsed.push_back(c);
    }
    if (!joined.empty()) {
      joined.push_back(',');
    }
    joined.append(collapsed);
  }
  return joined;
}

}  // namespace

std::expected<SigV4Auth, SigV4ParseError> parse_sigv4(const Request& request) {
  if (auto h = request.headers.get("Authorization")) {
    return parse_header(*h, request);
  }
  return parse_query_form(request);
}

std::string canonical_request(const Request& req, const SigV4Auth& a) {
  std::string out = req.method + "\n" + canonical_uri(req.path) + "\n" +
                    canonical_query(req.query, a.presigned) + "\n";
  std::string names;
  for (const std::string& h : a.signed_headers) {
    out += h + ":" + header_value(req, h) + "\n";
    if (!names.empty()) {
      names.push_back(';');
    }
    names.append(h);
  }
  out += "\n" + names + "\n";
  auto claimed = req.headers.get("X-Amz-Content-Sha256");
  if (claimed) {
    out += std::string(*claimed);
  } else {
    out += crypto::to_hex(crypto::sha256(req.body));
  }
  return out;
}

std::string string_to_sign(const SigV4Auth& a, std::string_view canonical) {
  return "AWS4-HMAC-SHA256\n" + a.amz_date + "\n" + a.date + "/" + a.region + "/" + a.service +
         "/aws4_request\n" + crypto::to_hex(crypto::sha256(canonical));
}

std::string sigv4_signature(std::string_view secret, const SigV4Auth& a, std::string_view sts) {
  std::string k = crypto::hmac_sha256("AWS4" + std::string(secret), a.date);
  k = crypto::hmac_sha256(k, a.region);
  k = crypto::hmac_sha256(k, a.service);
  k = crypto::hmac_sha256(k, "aws4_request");
  return crypto::to_hex(crypto::hmac_sha256(k, sts));
}

std::optional<long long> parse_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') {
    return std::nullopt;
  }
  std::tm tm{};
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (s[i] < '0' || s[i] > '9') {
        return -1;
      }
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 ||
      tm.tm_sec < 0) {
    return std::nullopt;
  }
  return static_cast<long long>(timegm(&tm));
}

}  // namespace gw::auth
