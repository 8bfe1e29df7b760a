#pragma once

/// Conversions between Beast's messages and gw's plain Request/Response values, and the
/// server's own answers to requests it refuses before the gateway sees them. Beast types stay
/// out of every header outside core/server.

#include <boost/beast/http.hpp>

#include <string>

#include "core/base/http.h"

namespace gw::server {

namespace http = boost::beast::http;

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

/// The gw request for a parsed Beast request. The path and query stay raw and still
/// percent-encoded (AWS_BEHAVIOUR.md fact 6); headers keep their order and casing.
Request to_request(BeastRequest&& in, const std::string& source_ip);

/// The Beast response for a gateway answer to a request of `method` (HEAD: no body, its
/// length kept) on a connection that stays open when keep_alive.
BeastResponse to_beast(Response&& in, std::string_view method, unsigned version, bool keep_alive);

/// A gateway answer as the bytes it goes out as: the status line and header block in one string,
/// the body apart (written together in one gather write, never copied). Beast's serializer
/// walked a buffer sequence per header field on every write (17% of a mock request's
/// instructions); the framing is the same as to_beast's: Content-Length except for 1xx, 204
/// and 304; HEAD keeps the length without the bytes; Connection only where the version's
/// default differs. A header whose name or value holds CR, LF or NUL is left out (it would
/// split the response).
struct WireAnswer {
  std::string head;
  std::string body;
};
WireAnswer to_wire(Response&& in, std::string_view method, unsigned version, bool keep_alive);

/// The sum of the header values' sizes: what API Gateway bounds at 10 240 bytes (fact 67).
size_t header_values_size(const BeastRequest& request);

/// The server's own answer to a request it cannot hand on: 400 (bad framing), 403 (mTLS: no
/// trusted client certificate), 431 (header too large); JSON like the gateway's errors.
Response framing_error(int status);

}  // namespace gw::server
