#pragma once

/// `gw serve --admin-port`: the admin endpoints (core/observe/admin.h) on a listener of their
/// own, always on 127.0.0.1 whatever --host says, served by one thread beside the API's server.

#include <functional>
#include <memory>
#include <thread>

#include "core/base/result.h"
#include "core/observe/metrics.h"
#include "core/server/http_server.h"

namespace gw::cli {

class AdminListener {
 public:
  /// `connections` reports the API server's open connections (a gauge on /metrics).
  AdminListener(int port, const observe::ServeMetrics& metrics,
                std::function<size_t()> connections);
  ~AdminListener();  ///< stops serving and joins its thread
  AdminListener(const AdminListener&) = delete;
  AdminListener& operator=(const AdminListener&) = delete;

  /// Binds 127.0.0.1:port (0 = any free port); returns the bound port.
  Result<int> bind();
  /// Serves on a thread of its own until destroyed.
  void start();

 private:
  std::unique_ptr<server::HttpServer> server_;
  std::thread thread_;
};

}  // namespace gw::cli
