#include "core/integrations/httplib_client.h"

#include <httplib.h>

#include "core/base/strings.h"

namespace gw::integrations {

struct HttplibClient::Pooled {
  explicit Pooled(const std::string& origin) : client(origin) {}
  httplib::Client client;
};

namespace {

Error map_error(httplib::Error e, const std::string& url) {
  std::string what = "HTTP call to " + url + " failed: " + httplib::to_string(e);
  if (e == httplib::Error::ConnectionTimeout || e == httplib::Error::Read) {
    // httplib reports a read timeout as Error::Read; both mean "no answer in time" here.
    return Error{ErrorKind::Timeout, std::move(what), {}, {}};
  }
  return Error{ErrorKind::Failure, std::move(what), {}, {}};
}

}  // namespace

HttplibClient::HttplibClient(size_t max_idle) : max_idle_(max_idle) {}
HttplibClient::~HttplibClient() = default;

std::unique_ptr<HttplibClient::Pooled> HttplibClient::acquire(const std::string& key,
                                                              const std::string& origin,
                                                              bool insecure) {
  {
    std::lock_guard lock(mu_);
    auto& idle = idle_[key];
    if (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<Pooled>(origin);
  c->client.set_keep_alive(true);
  c->client.set_tcp_nodelay(true);
  c->client.set_url_encode(false);  // the URL is already encoded; '+' must stay '+'
  c->client.set_decompress(false);  // pass the backend's bytes through unchanged
  c->client.enable_server_certificate_verification(!insecure);
  return c;
}

void HttplibClient::release(const std::string& key, std::unique_ptr<Pooled> client) {
  std::lock_guard lock(mu_);
  auto& idle = idle_[key];
  if (idle.size() < max_idle_) {
    idle.push_back(std::move(client));
  }
}

Result<Response> HttplibClient::send(const HttpCall& call) {
  size_t scheme = call.url.find("://");
  if (scheme == std::string::npos) {
    return fail(ErrorKind::Failure, "not an absolute URL: " + call.url);
  }
  size_t path_at = call.url.find_first_of("/?", scheme + 3);
  std::string origin = call.url.substr(0, path_at);
  std::string target;
  if (path_at == std::string::npos || call.url[path_at] == '?') {
    target.push_back('/');
  }
  if (path_at != std::string::npos) {
    target.append(call.url, path_at, std::string::npos);
  }
  httplib::Request req;
  req.method = call.method;
  req.path = target;
  req.body = call.body;
  for (const auto& [name, value] : call.headers) {
    req.headers.emplace(name, value);
  }
  std::string key = origin + (call.insecure_skip_verification ? " insecure" : "");
  auto pooled = acquire(key, origin, call.insecure_skip_verification);
  try {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(call.timeout).count();
    auto sec = static_cast<time_t>(us / 1000000);
    auto usec = static_cast<time_t>(us % 1000000);
    pooled->client.set_connection_timeout(sec, usec);
    pooled->client.set_read_timeout(sec, usec);
    pooled->client.set_write_timeout(sec, usec);
    httplib::Result res = pooled->client.send(req);
    if (!res) {
      return std::unexpected(map_error(res.error(), call.url));
    }
    Response out;
    out.status = res->status;
    out.body = std::move(res->body);
    for (const auto& [name, value] : res->headers) {
      out.headers.add(name, value);
    }
    release(key, std::move(pooled));
    return out;
  } catch (const std::exception& e) {
    return fail(ErrorKind::Failure, "HTTP call to " + call.url + " failed: " + e.what());
  }
}

}  // namespace gw::integrations
