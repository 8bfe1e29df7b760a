#include "cli/admin_listener.h"

#include <chrono>
#include <utility>

#include "core/observe/admin.h"

namespace gw::cli {

AdminListener::AdminListener(int port, const observe::ServeMetrics& metrics,
                             std::function<size_t()> connections) {
  server::ServerOptions options;
  options.host = "127.0.0.1";  // loopback only: the counters are nobody else's business
  options.port = port;
  options.threads = 1;
  options.io_threads = 1;
  server_ = std::make_unique<server::HttpServer>(
      [&metrics, connections = std::move(connections)](const Request& request, RequestLog*) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        return observe::admin_answer(
            request, {&metrics, connections ? connections() : 0,
                      std::chrono::duration_cast<std::chrono::milliseconds>(now).count()});
      },
      std::move(options), nullptr);
  server_->set_blocking_predicate([](const Request&) { return false; });
}

AdminListener::~AdminListener() {
  server_->stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

Result<int> AdminListener::bind() {
  auto port = server_->bind();
  if (!port) {  // the server's own words name --port and --host, which are the API's
    return fail(port.error().kind, "admin listener: " + port.error().message, {},
                "pick another port with --admin-port (0 = any free port)");
  }
  return port;
}

void AdminListener::start() {
  thread_ = std::thread([this] { server_->run(); });
}

}  // namespace gw::cli
