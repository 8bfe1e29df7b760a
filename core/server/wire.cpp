#include "core/server/wire.h"

#include <utility>

namespace gw::server {
namespace {

// Beast computes these from the message itself; passing the gateway's too would duplicate them.
bool is_hop_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Connection") ||
         iequals(name, "Keep-Alive") || iequals(name, "Transfer-Encoding");
}

bool field_safe(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == s.npos;
}

bool has_no_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

}  // namespace

Request to_request(BeastRequest&& in, const std::string& source_ip) {
  Request out;
  out.method = std::string(in.method_string());
  const std::string_view target = in.target();
  const size_t q = target.find('?');
  out.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    out.query = std::string(target.substr(q + 1));
  }
  for (const auto& field : in) {
    out.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  out.source_ip = source_ip;
  out.protocol = in.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  return out;
}

BeastResponse to_beast(Response&& in, std::string_view method, unsigned version, bool keep_alive) {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(in.status));
  for (auto& [name, value] : in.headers) {
    if (!is_hop_header(name)) {
      out.insert(name, value);
    }
  }
  out.keep_alive(keep_alive);
  if (has_no_body(in.status)) {
    return out;  // RFC 9110 §15.3.5: no content, and no Content-Length
  }
  const size_t length = in.body.size();
  if (method == "HEAD") {
    out.content_length(length);  // the length a GET would have had, without the bytes
    return out;
  }
  out.body() = std::move(in.body);
  out.content_length(length);
  return out;
}

WireAnswer to_wire(Response&& in, std::string_view method, unsigned version, bool keep_alive) {
  WireAnswer out;
  size_t size = 64;
  for (const auto& [name, value] : in.headers) {
    size += name.size() + value.size() + 4;
  }
  out.head.reserve(size);
  out.head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out.head += std::to_string(in.status);
  out.head += ' ';
  const std::string_view reason = reason_phrase(in.status);
  out.head += reason.empty() ? std::string_view("Unknown") : reason;
  out.head += "\r\n";
  for (const auto& [name, value] : in.headers) {
    if (is_hop_header(name) || name.empty() || !field_safe(name) || !field_safe(value)) {
      continue;
    }
    out.head += name;
    out.head += ": ";
    out.head += value;
    out.head += "\r\n";
  }
  if (version == 10 ? keep_alive : !keep_alive) {
    out.head += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  }
  if (!has_no_body(in.status)) {
    out.head += "Content-Length: ";
    out.head += std::to_string(in.body.size());
    out.head += "\r\n";
    if (method != "HEAD") {
      out.body = std::move(in.body);
    }
  }
  out.head += "\r\n";
  return out;
}

size_t header_values_size(const BeastRequest& request) {
  size_t total = 0;
  for (const auto& field : request) {
    total += field.value().size();
  }
  return total;
}

Response framing_error(int status) {
  Response r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  if (status == 431) {
    // What API Gateway's front end says (reported by its users: ntsblog.homedev.com.au,
    // "AWS API Gateway – HTTP header is larger than 10240 bytes", 2021; status 431 per
    // backbencher.dev, "SOLVED: 431 Status Code With Request Header Fields Too Large").
    r.body = R"({"message":"HTTP header is larger than 10240 bytes."})";
  } else if (status == 403) {
    r.headers.add("x-amzn-ErrorType", "ForbiddenException");
    r.body = R"({"message":"Forbidden"})";
  } else {
    const std::string_view reason = reason_phrase(status);
    r.body =
        std::string(R"({"message":")") + std::string(reason.empty() ? "Error" : reason) + "\"}";
  }
  return r;
}

}  // namespace gw::server
