// Fuzz target: bytes a Lambda worker sends to gw's Runtime API endpoint, framed into requests
// the way the invoking thread frames them (core/lambda/runtime_http.h): pipelined requests,
// Content-Length and chunked bodies, arriving in pieces. Must never crash, never read past the
// buffer, and must consume what it reports as a request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/lambda/runtime_http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte picks the piece size, so partial arrivals are exercised too.
  const size_t piece = size == 0 ? 1 : 1 + static_cast<uint8_t>(input[0]) % 64;
  std::string buffer;
  gw::lambda::RuntimeRequest req;
  for (size_t at = 0; at < input.size(); at += piece) {
    buffer.append(input.substr(at, piece));
    while (true) {
      const size_t before = buffer.size();
      auto r = gw::lambda::parse_request(buffer, req, 4096);
      if (r.status == gw::lambda::ParseStatus::Bad) {
        return 0;  // the connection would be answered and closed
      }
      if (r.status == gw::lambda::ParseStatus::NeedMore) {
        break;
      }
      if (buffer.size() >= before || req.body.size() > 4096) {
        __builtin_trap();  // a request was reported without consuming it, or over the bound
      }
      (void)gw::lambda::format_response(202, {{"A", req.method}}, req.body, req.keep_alive);
    }
  }
  return 0;
}
