#pragma once

/// The real HttpClient, on cpp-httplib: one small keep-alive pool of clients per
/// scheme+host+port, thread-safe; https through OpenSSL. Timeouts (connect or read) →
/// ErrorKind::Timeout; any other transport error → ErrorKind::Failure.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/integrations/http_client.h"

namespace gw::integrations {

class HttplibClient final : public HttpClient {
 public:
  /// max_idle: idle connections kept per origin.
  explicit HttplibClient(size_t max_idle = 16);
  ~HttplibClient() override;
  HttplibClient(const HttplibClient&) = delete;
  HttplibClient& operator=(const HttplibClient&) = delete;

  Result<Response> send(const HttpCall& call) override;

 private:
  struct Pooled;
  std::unique_ptr<Pooled> acquire(const std::string& key, const std::string& origin, bool insecure);
  void release(const std::string& key, std::unique_ptr<Pooled> client);

  size_t max_idle_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<Pooled>>> idle_;
};

}  // namespace gw::integrations
