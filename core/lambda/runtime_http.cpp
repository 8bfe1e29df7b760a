#include "core/lambda/runtime_http.h"

#include <charconv>

#include "core/base/strings.h"

namespace gw::lambda {

namespace {

constexpr size_t kMaxHead = 64 * 1024;

// A non-negative decimal or hex number filling all of s.
bool parse_size(std::string_view s, int base, size_t& out) {
  if (s.empty()) {
    return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size();
}

// The request line and the header fields of head (without the blank line).
bool parse_head(std::string_view head, RuntimeRequest& out) {
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) {
    return false;
  }
  out.method = line.substr(0, sp1);
  out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!version.starts_with("HTTP/1.")) {
    return false;
  }
  out.keep_alive = version != "HTTP/1.0";
  out.headers.clear();
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    std::string_view field = head.substr(0, eol);
    size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return false;
    }
    out.headers.emplace_back(to_lower(field.substr(0, colon)), trim(field.substr(colon + 1)));
  }
  const std::string connection = to_lower(out.header("connection"));
  if (connection == "close") {
    out.keep_alive = false;
  } else if (connection == "keep-alive") {
    out.keep_alive = true;
  }
  return true;
}

// A chunked body starting at pos: Done with the decoded body and the end offset, NeedMore, or
// Bad.
ParseStatus parse_chunked(std::string_view data, size_t pos, size_t max_body, std::string& body,
                          size_t& end) {
  body.clear();
  while (true) {
    size_t eol = data.find("\r\n", pos);
    if (eol == std::string_view::npos) {
      return data.size() - pos > 1024 ? ParseStatus::Bad : ParseStatus::NeedMore;
    }
    std::string_view size_line = data.substr(pos, eol - pos);
    size_line = trim(size_line.substr(0, size_line.find(';')));  // chunk extensions ignored
    size_t size = 0;
    if (!parse_size(size_line, 16, size) || size > max_body - body.size()) {
      return ParseStatus::Bad;
    }
    pos = eol + 2;
    if (size == 0) {
      size_t trailer_end = data.find("\r\n\r\n", pos - 2);  // trailers ignored
      if (trailer_end == std::string_view::npos) {
        return ParseStatus::NeedMore;
      }
      end = trailer_end + 4;
      return ParseStatus::Done;
    }
    if (data.size() < pos + size + 2) {
      return ParseStatus::NeedMore;
    }
    body.append(data.substr(pos, size));
    pos += size + 2;
  }
}

}  // namespace

std::string_view RuntimeRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return {};
}

ParseResult parse_request(std::string& buffer, RuntimeRequest& out, size_t max_body) {
  // Blank lines before a request line are skipped (RFC 9112 §2.2).
  size_t start = buffer.find_first_not_of("\r\n");
  if (start == std::string::npos) {
    buffer.clear();
    return {};
  }
  std::string_view data(buffer);
  size_t head_end = data.find("\r\n\r\n", start);
  if (head_end == std::string_view::npos) {
    return {data.size() > kMaxHead ? ParseStatus::Bad : ParseStatus::NeedMore, 431};
  }
  if (head_end - start > kMaxHead) {
    return {ParseStatus::Bad, 431};
  }
  if (!parse_head(data.substr(start, head_end - start), out)) {
    return {ParseStatus::Bad, 400};
  }
  const size_t body_start = head_end + 4;
  size_t end = body_start;
  std::string_view encoding = out.header("transfer-encoding");
  if (!encoding.empty()) {
    if (to_lower(encoding) != "chunked") {
      return {ParseStatus::Bad, 501};
    }
    ParseStatus s = parse_chunked(data, body_start, max_body, out.body, end);
    if (s != ParseStatus::Done) {
      return {s, 400};
    }
  } else {
    size_t length = 0;
    std::string_view text = out.header("content-length");
    if (!text.empty() && !parse_size(text, 10, length)) {
      return {ParseStatus::Bad, 400};
    }
    if (length > max_body) {
      return {ParseStatus::Bad, 413};
    }
    if (data.size() - body_start < length) {
      return {};
    }
    out.body.assign(data.substr(body_start, length));
    end = body_start + length;
  }
  buffer.erase(0, end);
  return {ParseStatus::Done, 0};
}

std::string format_response(int status, const std::vector<ResponseHead>& headers,
                            std::string_view body, bool keep_alive) {
  std::string_view reason = status == 200   ? "OK"
                            : status == 202 ? "Accepted"
                            : status == 400 ? "Bad Request"
                            : status == 404 ? "Not Found"
                            : status == 413 ? "Payload Too Large"
                            : status == 431 ? "Request Header Fields Too Large"
                                            : "Error";
  std::string out;
  out.reserve(256 + body.size());
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ").append(reason);
  out.append("\r\nContent-Type: application/json\r\nContent-Length: ");
  out.append(std::to_string(body.size())).append("\r\n");
  for (const auto& h : headers) {
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!keep_alive) {
    out.append("Connection: close\r\n");
  }
  out.append("\r\n").append(body);
  return out;
}

}  // namespace gw::lambda
