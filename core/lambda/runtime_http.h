#pragma once

/// HTTP/1.1 framing for the Lambda Runtime API endpoint gw hosts for each worker: requests are
/// parsed out of a connection's byte buffer (Content-Length and chunked bodies, pipelined
/// requests, HTTP/1.0 and `Connection: close`), responses are formatted in one buffer.
///
/// The Runtime API needs only this much HTTP, and owning it lets the invoking request thread
/// drive a worker's socket itself: no server thread, no hand-over between threads, two fewer
/// context switches per invocation (bench/lambda.sh). Bodies are bounded by `max_body`
/// (413 beyond it), header blocks by 64 KiB (431).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw::lambda {

struct RuntimeRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  std::string body;
  bool keep_alive = true;

  /// The first header named `lower_name`, "" when absent.
  std::string_view header(std::string_view lower_name) const;
};

enum class ParseStatus { NeedMore, Done, Bad };

struct ParseResult {
  ParseStatus status = ParseStatus::NeedMore;
  int http_status = 0;  ///< for Bad: 400, 413, 431 or 501
};

/// Takes one complete request off the front of buffer into out (Done), or leaves buffer as is
/// (NeedMore). Bad: the connection cannot continue; answer http_status and close it.
ParseResult parse_request(std::string& buffer, RuntimeRequest& out, size_t max_body);

struct ResponseHead {
  std::string_view name;
  std::string_view value;
};

/// "HTTP/1.1 <status> <reason>" with Content-Type: application/json, Content-Length, the extra
/// headers and the body, in one buffer; `Connection: close` when !keep_alive.
std::string format_response(int status, const std::vector<ResponseHead>& headers,
                            std::string_view body, bool keep_alive);

}  // namespace gw::lambda
