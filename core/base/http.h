#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw {

/// True when a and b are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

/// HTTP headers in arrival order with the sender's casing; lookups ignore case.
/// Repeated names are kept as separate entries (multi-value headers).
class Headers {
 public:
  using Entry = std::pair<std::string, std::string>;

  /// The first value for name, if any.
  std::optional<std::string_view> get(std::string_view name) const;
  /// Every value for name, in order.
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  /// Appends an entry, keeping any existing ones.
  void add(std::string name, std::string value);
  /// Replaces every entry for name with one (keeping the position of the first).
  void set(std::string name, std::string value);
  /// Removes every entry for name; returns how many were removed.
  size_t remove(std::string_view name);

  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  std::vector<Entry> entries_;
};

/// A request as the client sent it, independent of any transport.
struct Request {
  std::string method;               ///< upper-case, as sent
  std::string path;                 ///< raw path, still percent-encoded, without the query
  std::string query;                ///< raw query string without '?', still encoded
  Headers headers;
  std::string body;
  std::string source_ip = "127.0.0.1";
  std::string protocol = "HTTP/1.1";
  /// The server stopped reading a body over API Gateway's 10 MB limit: `body` is empty and the
  /// gateway answers 413 (the server drops the connection after that answer).
  bool body_too_large = false;
  /// The client certificate the TLS handshake verified (mTLS), PEM; "" for none.
  std::string client_cert_pem;
};

/// A response as the client will receive it.
struct Response {
  int status = 200;
  Headers headers;
  std::string body;
};

/// True when a Content-Type / Accept value ("image/png; q=1") matches one of API Gateway's
/// binaryMediaTypes patterns ("image/png", "image/*", "*/*"), ignoring case and parameters.
bool is_binary_media_type(std::string_view content_type, const std::vector<std::string>& patterns);

/// The standard reason phrase for an HTTP status ("Not Found"), or "" when unknown.
std::string_view reason_phrase(int status);

}  // namespace gw
