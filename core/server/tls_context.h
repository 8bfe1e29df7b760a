#pragma once

/// The OpenSSL side of tls.h, private to core/server: one SSL context per site, the SNI
/// callback that picks one, and what a finished handshake established.

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/server/tls.h"

namespace gw::server {

class TlsContexts {
 public:
  /// BadInput naming the site when a certificate, key or truststore does not load.
  static Result<std::unique_ptr<TlsContexts>> build(const TlsOptions& options);
  ~TlsContexts();
  TlsContexts(const TlsContexts&) = delete;
  TlsContexts& operator=(const TlsContexts&) = delete;

  /// The context every handshake starts on; SNI may move it to a site's.
  boost::asio::ssl::context& initial() { return *fallback_.context; }
  bool plain_http_too() const { return plain_http_too_; }

  /// What the handshake on `ssl` (an SSL*) established.
  static TlsPeer peer_of(void* ssl);

 private:
  struct Site {
    std::vector<std::string> names;
    std::unique_ptr<boost::asio::ssl::context> context;
  };
  TlsContexts() = default;
  static Result<Site> make_site(const TlsSite& site);
  const Site* site_for(const std::string& server_name) const;
  static int on_server_name(void* ssl, int* alert, void* self);

  Site fallback_;
  std::vector<Site> sites_;
  bool plain_http_too_ = true;
};

}  // namespace gw::server
