#include "core/server/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/server/http_session.h"
#include "core/server/tls_context.h"

namespace gw::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One accepted connection: its stream (moved into `tls` once a handshake starts), its state,
// and how to stop it from outside.
struct Session {
  explicit Session(tcp::socket socket)
      : plain(std::move(socket)), executor(plain.get_executor()) {}
  beast::tcp_stream plain;
  asio::any_io_executor executor;  ///< the connection's strand
  std::optional<TlsStream> tls;
  Connection conn;
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : plain; }
};

std::string peer_address(const tcp::socket& socket) {
  boost::system::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) {
    return "127.0.0.1";
  }
  asio::ip::address a = peer.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  return a.to_string();
}

}  // namespace

int resolve_thread_count(int requested) {
  if (requested > 0) {
    return requested;
  }
  // The pool runs only work that may block (backend calls): sized for slow integrations.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(64, 4 * cores);
}

struct HttpServer::Impl {
  ServerCore core;
  int io_threads = 1;
  int pool_threads = 1;
  // One io_context per I/O thread, each run by its thread alone: no scheduler lock shared
  // between threads, and a connection's handlers never race (no strand needed). The acceptor
  // lives on the first and hands connections out in turn.
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  size_t next_ioc = 0;
  asio::io_context& ioc() { return *iocs.front(); }
  std::optional<tcp::acceptor> acceptor;
  std::unique_ptr<asio::thread_pool> pool;
  std::unique_ptr<TlsContexts> tls;

  mutable std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> run_session(std::shared_ptr<Session> session);
  asio::awaitable<void> serve_tls(Session& s);
  asio::awaitable<void> linger(Session& s);
  void close_connections(bool idle_only);
  void add(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(mu);
    sessions.emplace(s.get(), s);
  }
  void remove(Session* s) {
    std::lock_guard lock(mu);
    sessions.erase(s);
  }
};

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  asio::steady_timer backoff(ioc());
  while (!core.stopping) {
    auto ecsocket_result =
        co_await acceptor->async_accept(iocs[next_ioc++ % iocs.size()]->get_executor(),
                                        asio::as_tuple(asio::use_awaitable));
    auto ec = std::get<0>(ecsocket_result);
    auto socket = std::get<1>(std::move(ecsocket_result));
    if (ec) {
      if (core.stopping || ec == asio::error::operation_aborted) {
        break;
      }
      // Out of descriptors (or a transient failure): wait instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(20));
      co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // else ~40 ms per answer (Nagle, DESIGN §8)
    auto session = std::make_shared<Session>(std::move(socket));
    session->conn.peer_ip = peer_address(session->plain.socket());
    add(session);
    asio::co_spawn(session->executor, run_session(session), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::run_session(std::shared_ptr<Session> session) {
  Session& s = *session;
  s.conn.cancel = [&s] { s.lowest().cancel(); };
  try {
    if (tls) {
      co_await serve_tls(s);
    } else {
      co_await serve_http(core, s.plain, s.conn);
    }
  } catch (...) {  // a bug in a session ends that connection, never the server
  }
  if (!s.conn.upgraded) {
    co_await linger(s);
  }
  boost::system::error_code ignored;
  s.lowest().socket().close(ignored);
  remove(&s);
}

// With TLS on, the first bytes tell a handshake from plain HTTP (both on one port).
asio::awaitable<void> HttpServer::Impl::serve_tls(Session& s) {
  s.plain.expires_after(core.options.header_timeout);
  auto detected = co_await beast::async_detect_ssl(s.plain, s.conn.buffer,
                                                   asio::as_tuple(asio::use_awaitable));
  if (std::get<0>(detected)) {
    co_return;
  }
  if (!std::get<1>(detected)) {
    if (tls->plain_http_too()) {
      co_await serve_http(core, s.plain, s.conn);
    }
    co_return;
  }
  s.tls.emplace(std::move(s.plain), tls->initial());
  s.lowest().expires_after(core.options.header_timeout);
  auto shook = co_await s.tls->async_handshake(asio::ssl::stream_base::server,
                                               s.conn.buffer.data(),
                                               asio::as_tuple(asio::use_awaitable));
  if (std::get<0>(shook)) {
    co_return;  // not a TLS client we can talk to: nothing to answer
  }
  s.conn.buffer.consume(std::get<1>(shook));
  s.conn.tls = TlsContexts::peer_of(s.tls->native_handle());
  co_await serve_http(core, *s.tls, s.conn);
  if (!core.stopping && !s.conn.upgraded) {
    s.lowest().expires_after(std::chrono::seconds(1));
    co_await s.tls->async_shutdown(asio::as_tuple(asio::use_awaitable));  // close_notify
  }
}

// A lingering close (as nginx's): after the last answer, stop sending and read what the client
// still sends for a moment, so closing with unread bytes does not reset the connection and
// destroy the answer (a 413 or 431 sent while the client is still writing).
asio::awaitable<void> HttpServer::Impl::linger(Session& s) {
  boost::system::error_code ec;
  beast::tcp_stream& stream = s.lowest();
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec || core.stopping) {
    co_return;
  }
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 4096> sink;
  size_t drained = 0;
  while (drained < kMaxBody + kMaxHeaderBlock) {
    auto recn_result =
        co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
    auto rec = std::get<0>(recn_result);
    auto n = std::get<1>(std::move(recn_result));
    if (rec) {
      break;
    }
    drained += n;
  }
}

void HttpServer::Impl::close_connections(bool idle_only) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) {
        live.push_back(std::move(s));
      }
    }
  }
  for (auto& s : live) {
    asio::post(s->executor, [s, idle_only] {
      if (!idle_only || s->conn.idle) {
        s->conn.cancel();
      }
    });
  }
}

HttpServer::HttpServer(Handler handler, ServerOptions options,
                       std::function<void(const RequestLog&)> on_log)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.core.handler = std::move(handler);
  s.core.on_log = std::move(on_log);
  s.core.options = std::move(options);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  s.io_threads = s.core.options.io_threads > 0 ? s.core.options.io_threads : cores;
  for (int i = 0; i < s.io_threads; ++i) {
    s.iocs.push_back(std::make_unique<asio::io_context>(1));  // each run by one thread
  }
  s.pool_threads = resolve_thread_count(s.core.options.threads);
  s.pool = std::make_unique<asio::thread_pool>(static_cast<size_t>(s.pool_threads));
  s.core.pool = s.pool.get();
}

HttpServer::~HttpServer() {
  impl_->pool->join();
}

void HttpServer::set_blocking_predicate(BlockingPredicate predicate) {
  impl_->core.may_block = std::move(predicate);
}

void HttpServer::set_websocket_handler(WebSocketHandler handler) {
  impl_->core.websocket = std::move(handler);
}

Result<int> HttpServer::bind() {
  Impl& s = *impl_;
  const ServerOptions& o = s.core.options;
  if (o.tls && !s.tls) {
    auto contexts = TlsContexts::build(*o.tls);
    if (!contexts) {
      return std::unexpected(contexts.error());
    }
    s.tls = std::move(*contexts);
  }
  boost::system::error_code ec;
  std::string host = o.host == "localhost" ? "127.0.0.1" : o.host;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) {
    return fail(ErrorKind::Environment, "cannot listen on " + o.host + ":" + std::to_string(o.port),
                {}, "check --host: it must be an address of this machine, such as 127.0.0.1");
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(o.port));
  tcp::acceptor acceptor(s.ioc());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec && address.is_v6()) {
    acceptor.set_option(asio::ip::v6_only(false), ec);  // "::" takes IPv4 clients too
  }
  if (!ec) {
    // SO_REUSEADDR only: SO_REUSEPORT would let a second gw bind a port already in use.
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (ec == asio::error::address_in_use) {
    return fail(ErrorKind::Environment, "port " + std::to_string(o.port) + " is in use", {},
                "stop the process using it, or pick another port with --port");
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return fail(ErrorKind::Environment,
                "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message(),
                {}, "check --host: it must be an address of this machine, such as 127.0.0.1");
  }
  const int port = acceptor.local_endpoint().port();
  s.acceptor.emplace(std::move(acceptor));
  return port;
}

void HttpServer::run() {
  Impl& s = *impl_;
  if (!s.acceptor) {
    return;
  }
  asio::co_spawn(s.ioc(), s.accept_loop(), asio::detached);
  // Each context runs until stop() lets it go, even while it has no connection yet.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep;
  for (auto& c : s.iocs) {
    keep.push_back(asio::make_work_guard(*c));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < s.io_threads; ++i) {
    threads.emplace_back([&s, i] { s.iocs[static_cast<size_t>(i)]->run(); });
  }
  {
    std::unique_lock lock(s.mu);
    s.cv.wait(lock, [&s] { return s.stop_requested; });
  }
  // Stop: no new connections, idle ones closed now, busy ones closed after their answer.
  s.core.stopping = true;
  asio::post(s.ioc(), [&s] {
    boost::system::error_code ignored;
    s.acceptor->close(ignored);
  });
  s.close_connections(true);
  const auto deadline = std::chrono::steady_clock::now() + s.core.options.drain_timeout;
  while (std::chrono::steady_clock::now() < deadline && connection_count() > 0) {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, std::chrono::milliseconds(5));
  }
  s.close_connections(false);  // what is still running past the deadline is cut off
  keep.clear();                // each context returns once its last connection is gone
  for (auto& t : threads) {
    t.join();
  }
}

void HttpServer::stop() {
  std::lock_guard lock(impl_->mu);
  impl_->stop_requested = true;
  impl_->cv.notify_all();
}

int HttpServer::thread_count() const { return impl_->pool_threads; }

size_t HttpServer::connection_count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace gw::server
