#include "core/server/http_server.h"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

namespace gw::server {
namespace {

// httplib stores the peer's address as pseudo headers; they are not the client's.
bool is_pseudo_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

// httplib computes these itself; passing ours too would duplicate them.
bool is_hop_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Connection") ||
         iequals(name, "Keep-Alive") || iequals(name, "Transfer-Encoding");
}

Request to_gw_request(const httplib::Request& in) {
  Request out;
  out.method = in.method;
  // httplib's req.path is URL-decoded; API Gateway keeps the path encoded (fact 6).
  const std::string& target = in.target.empty() ? in.path : in.target;
  const size_t q = target.find('?');
  out.path = target.substr(0, q);
  if (q != std::string::npos) {
    out.query = target.substr(q + 1);
  }
  for (const auto& [name, value] : in.headers) {
    if (!is_pseudo_header(name)) {
      out.headers.add(name, value);
    }
  }
  out.body = in.body;
  out.source_ip = in.remote_addr;
  if (!in.version.empty()) {
    out.protocol = in.version;
  }
  return out;
}

void to_httplib_response(const Response& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [name, value] : in.headers) {
    if (!is_hop_header(name)) {
      out.headers.emplace(name, value);
    }
  }
  out.body = in.body;
}

// Set when the gateway itself answered >= 400, so the error handler (which httplib calls for
// every status >= 400) can tell the gateway's answers from httplib's own parse errors.
thread_local bool t_gateway_error = false;

std::string error_body(int status) {
  if (status == 413) {
    return R"({"message":"Request Too Long"})";
  }
  std::string_view reason = reason_phrase(status);
  return std::string(R"({"message":")") + std::string(reason.empty() ? "Error" : reason) + "\"}";
}

void socket_options(socket_t sock) {
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // server bind a port already in use instead of reporting it.
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// The local and peer ports of socket `fd` (-1 when it is not a TCP/IP socket).
std::pair<int, int> socket_ports(int fd) {
  auto port_of = [](const sockaddr_storage& a) {
    if (a.ss_family == AF_INET) {
      return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in*>(&a)->sin_port));
    }
    if (a.ss_family == AF_INET6) {
      return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in6*>(&a)->sin6_port));
    }
    return -1;
  };
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_len = sizeof(local);
  socklen_t peer_len = sizeof(peer);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
      getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
    return {-1, -1};
  }
  return {port_of(local), port_of(peer)};
}

// Ends idle keep-alive connections so stopping does not wait out their timeout: each accepted
// socket on `port` whose peer has no request in flight gets shutdown(SHUT_RD), so httplib's
// wait for the next request reads EOF and closes it. (Busy ones are left alone: httplib
// refuses to write to a socket that reads EOF.) httplib does not expose accepted sockets, so
// they are found through /proc/self/fd.
void end_idle_connections(int port, const std::multiset<int>& busy_peers) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) {
    return;
  }
  while (const dirent* entry = readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(dir)) {
      continue;
    }
    const auto [local_port, peer_port] = socket_ports(fd);
    if (local_port == port && !busy_peers.contains(peer_port)) {
      shutdown(fd, SHUT_RD);
    }
  }
  closedir(dir);
}

}  // namespace

int resolve_thread_count(int requested) {
  if (requested > 0) {
    return requested;
  }
  // cpp-httplib serves one connection per thread: a connection beyond the pool waits unserved
  // until another closes. 64 covers load tools' usual 50 connections and slow integrations;
  // an idle thread costs little resident memory.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(64, 4 * cores);
}

struct HttpServer::Impl {
  Handler handler;
  ServerOptions options;
  std::function<void(const RequestLog&)> on_log;
  httplib::Server svr;
  int threads = 0;
  int bound_port = 0;
  int listen_fd = -1;  // the socket httplib last created for bind (see deepen_backlog)
  std::mutex busy_mu;
  std::multiset<int> busy_peers;  // peer ports with a request between handler and write end
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  std::atomic<bool> listen_done{false};

  // libcpp-httplib 0.11.4 is compiled with a listen backlog of 5: a burst of 50 new connections
  // overflows it and clients wait for SYN retransmits (a 1 s p99). listen() again on the bound
  // socket raises the backlog (Linux updates it in place).
  void deepen_backlog() const {
    if (listen_fd >= 0) {
      ::listen(listen_fd, SOMAXCONN);
    }
  }

  void serve(const httplib::Request& req, httplib::Response& res);
  void configure();
  void register_handlers();
};

void HttpServer::Impl::serve(const httplib::Request& req, httplib::Response& res) {
  // A Range header would make httplib slice our body; API Gateway ignores it. The request
  // object is not const inside httplib, so clearing it here is well defined.
  const_cast<httplib::Request&>(req).ranges.clear();
  {
    std::lock_guard lock(busy_mu);
    busy_peers.insert(req.remote_port);  // until the logger runs, after the response is written
  }
  const auto start = std::chrono::steady_clock::now();
  Request request = to_gw_request(req);
  RequestLog log;
  Response response = handler(request, &log);
  to_httplib_response(response, res);
  t_gateway_error = response.status >= 400;
  if (!on_log) {
    return;
  }
  if (log.method.empty()) {
    log.method = request.method;
  }
  if (log.path.empty()) {
    log.path = request.path;
  }
  if (log.status == 0) {
    log.status = response.status;
  }
  if (log.latency_ms <= 0) {
    log.latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
  }
  on_log(log);
}

void HttpServer::Impl::configure() {
  threads = resolve_thread_count(options.threads);
  const size_t n = static_cast<size_t>(threads);
  svr.new_task_queue = [n] { return new httplib::ThreadPool(n); };
  svr.set_tcp_nodelay(true);  // without it ~44 ms per response (Nagle vs delayed ACK)
  svr.set_keep_alive_max_count(100000);
  svr.set_keep_alive_timeout(5);
  svr.set_payload_max_length(kMaxPayload);
  svr.set_socket_options([this](socket_t sock) {
    socket_options(sock);
    listen_fd = sock;
  });
  register_handlers();
  svr.set_logger([this](const httplib::Request& req, const httplib::Response&) {
    std::lock_guard lock(busy_mu);
    const auto it = busy_peers.find(req.remote_port);
    if (it != busy_peers.end()) {
      busy_peers.erase(it);
    }
  });
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (t_gateway_error) {
          t_gateway_error = false;
          return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_content(error_body(res.status), "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (...) {
          // Backstop only: the gateway never throws. Answer as API Gateway's 500.
        }
        t_gateway_error = true;
        res.status = 500;
        res.headers.clear();
        res.set_header("x-amzn-ErrorType", "InternalServerErrorException");
        res.set_content(R"({"message":"Internal server error"})", "application/json");
      });
}

void HttpServer::Impl::register_handlers() {
  // Requests without a body are answered before routing (no regex); the others need
  // httplib to read the body first, so they go through catch-all handlers.
  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
        req.method == "DELETE") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    serve(req, res);
    // httplib never reads a GET/HEAD/OPTIONS body; left on the connection it would be parsed
    // as the next request (request smuggling), so such a connection is closed after this one.
    const std::string length = req.get_header_value("Content-Length");
    if ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")) {
      res.set_header("Connection", "close");
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  auto all = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
  const std::string any = R"([\s\S]*)";
  svr.Post(any, all).Put(any, all).Patch(any, all).Delete(any, all);
}

HttpServer::HttpServer(Handler handler, ServerOptions options,
                       std::function<void(const RequestLog&)> on_log)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->options = std::move(options);
  impl_->on_log = std::move(on_log);
  impl_->configure();
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind() {
  const ServerOptions& o = impl_->options;
  errno = 0;
  if (o.port == 0) {
    const int port = impl_->svr.bind_to_any_port(o.host);
    if (port > 0) {
      impl_->bound_port = port;
      impl_->deepen_backlog();
      return port;
    }
  } else if (impl_->svr.bind_to_port(o.host, o.port)) {
    impl_->bound_port = o.port;
    impl_->deepen_backlog();
    return o.port;
  }
  if (errno == EADDRINUSE) {
    return fail(ErrorKind::Environment, "port " + std::to_string(o.port) + " is in use", {},
                "stop the process using it, or pick another port with --port");
  }
  return fail(ErrorKind::Environment,
              "cannot listen on " + o.host + ":" + std::to_string(o.port), {},
              "check --host: it must be an address of this machine, such as 127.0.0.1");
}

void HttpServer::run() {
  Impl& s = *impl_;
  std::thread listener([&s] {
    s.svr.listen_after_bind();
    s.listen_done = true;
    std::lock_guard lock(s.mu);
    s.cv.notify_all();
  });
  {
    std::unique_lock lock(s.mu);
    s.cv.wait(lock, [&s] { return s.stop_requested || s.listen_done; });
  }
  // httplib's stop() is a no-op until its loop runs, so wait for it to start: a stop()
  // that arrives right after bind() must not be lost.
  while (!s.listen_done && !s.svr.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  s.svr.stop();
  // Keep ending connections that fall idle until httplib's pool has drained.
  while (!s.listen_done && s.bound_port > 0) {
    {
      std::lock_guard lock(s.busy_mu);
      end_idle_connections(s.bound_port, s.busy_peers);
    }
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, std::chrono::milliseconds(10), [&s] { return s.listen_done.load(); });
  }
  listener.join();  // httplib joins its pool: in-flight requests finish first
}

void HttpServer::stop() {
  std::lock_guard lock(impl_->mu);
  impl_->stop_requested = true;
  impl_->cv.notify_all();
}

int HttpServer::thread_count() const { return impl_->threads; }

}  // namespace gw::server
