#pragma once

// The definitions behind websocket_session.h, instantiated once per stream type by
// websocket_session_tcp.cpp and websocket_session_tls.cpp: with Beast's templates one
// instantiation takes a minute to compile (three under the sanitizers), so the two build in
// parallel. Include only from those two files.

#include "core/server/websocket_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

namespace gw::server {
namespace {

namespace asio = boost::asio;
namespace websocket = beast::websocket;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// The server's half of one WebSocket: the stream (read by serve_websocket, written by the
// writer coroutine, both on the connection's strand) and the queue other threads fill.
template <class Stream>
class Peer final : public WebSocketPeer, public std::enable_shared_from_this<Peer<Stream>> {
 public:
  Peer(Stream& next, std::string id, asio::any_io_executor strand)
      : id_(std::move(id)), strand_(strand) {
    ws_.emplace(next);
    writer_done_.emplace(strand);
  }

  const std::string& id() const override { return id_; }

  bool send(std::string message, bool binary) override {
    bool start = false;
    asio::any_io_executor strand;
    {
      std::lock_guard lock(mu_);
      if (closing_ || gone_) {
        return false;
      }
      queue_.push_back({std::move(message), binary});
      start = claim_writer_locked();
      strand = strand_;
    }
    if (start) {
      asio::co_spawn(strand, write_loop(this->shared_from_this()), asio::detached);
    }
    return true;
  }

  void close(int code, std::string reason) override {
    bool start = false;
    asio::any_io_executor strand;
    {
      std::lock_guard lock(mu_);
      if (closing_ || gone_) {
        return;
      }
      closing_ = true;
      close_code_ = code;
      close_reason_ = std::move(reason);
      start = claim_writer_locked();
      strand = strand_;
    }
    if (start) {  // outside the lock: the writer may start right here when on the strand
      asio::co_spawn(strand, write_loop(this->shared_from_this()), asio::detached);
    }
  }

  // The read side is over: no more writes; a write in progress is cancelled and awaited (on
  // the strand), then the stream is let go, so a handler may keep the peer for as long as it
  // likes (send() then answers false).
  asio::awaitable<void> finish() {
    const bool wait = mark_gone();
    if (wait) {
      beast::get_lowest_layer(*ws_).cancel();
      writer_done_->expires_at(asio::steady_timer::time_point::max());
      co_await writer_done_->async_wait(kTuple);
    }
    ws_.reset();
    writer_done_.reset();
    release_executor();
  }

  websocket::stream<Stream&>& ws() { return *ws_; }

  // The handshake is done (Beast frames as a server only from now on): what on_connect or
  // another thread queued meanwhile goes out.
  void opened() {
    bool start = false;
    {
      std::lock_guard lock(mu_);
      open_ = true;
      start = (!queue_.empty() || closing_) && claim_writer_locked();
    }
    if (start) {  // on the strand, before finish(): strand_ is still set
      asio::co_spawn(strand_, write_loop(this->shared_from_this()), asio::detached);
    }
  }

  /// The code close() asked for, when the server closed the connection itself.
  std::optional<int> closed_by_server() {
    std::lock_guard lock(mu_);
    return closing_ && close_sent_ ? std::optional<int>(close_code_) : std::nullopt;
  }

 private:
  // Nothing of the server's io_context stays with a peer a handler may keep past the server.
  void release_executor() {
    std::lock_guard lock(mu_);
    strand_ = asio::any_io_executor();
  }

  // No more writes; true when one is still in progress.
  bool mark_gone() {
    std::lock_guard lock(mu_);
    gone_ = true;
    queue_.clear();
    return writing_;
  }

  struct Message {
    std::string text;
    bool binary = false;
  };

  // True when the caller is to start the writer: the handshake is done and none runs yet.
  bool claim_writer_locked() {
    if (!open_ || writing_) {
      return false;
    }
    writing_ = true;
    return true;
  }

  enum class Step { Write, Close, Done };

  // What the writer does next (a plain function: no lock is held across a co_await).
  Step next(Message& m) {
    std::lock_guard lock(mu_);
    if (gone_ || (queue_.empty() && (!closing_ || close_sent_))) {
      writing_ = false;
      if (gone_) {
        writer_done_->cancel();
      }
      return Step::Done;
    }
    if (queue_.empty()) {
      close_sent_ = true;
      return Step::Close;
    }
    m = std::move(queue_.front());
    queue_.pop_front();
    return Step::Write;
  }

  void failed() {
    std::lock_guard lock(mu_);
    queue_.clear();
    closing_ = true;
  }

  // Writes what is queued, then the close frame if asked; ends when there is nothing left.
  static asio::awaitable<void> write_loop(std::shared_ptr<Peer> self) {
    for (;;) {
      Message m;
      const Step step = self->next(m);
      if (step == Step::Done) {
        break;
      }
      boost::system::error_code ec;
      if (step == Step::Close) {
        websocket::close_reason why;
        why.code = static_cast<std::uint16_t>(self->close_code_);
        why.reason.assign(self->close_reason_.data(),
                          std::min(self->close_reason_.size(), why.reason.max_size()));
        auto closed = co_await self->ws().async_close(why, kTuple);
        ec = std::get<0>(closed);
      } else {
        self->ws().binary(m.binary);
        auto written = co_await self->ws().async_write(asio::buffer(m.text), kTuple);
        ec = std::get<0>(written);
      }
      if (ec) {
        self->failed();
      }
    }
  }

  std::string id_;
  asio::any_io_executor strand_;
  std::optional<websocket::stream<Stream&>> ws_;
  std::optional<asio::steady_timer> writer_done_;
  std::mutex mu_;
  std::deque<Message> queue_;
  bool open_ = false;  ///< the handshake is done
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool gone_ = false;
  int close_code_ = 1000;
  std::string close_reason_;
};

// Runs `work` on the pool (handlers may block) and comes back to the connection's strand.
template <class F>
asio::awaitable<void> on_pool(ServerCore& core, F work) {
  auto home = co_await asio::this_coro::executor;
  co_await asio::post(asio::bind_executor(*core.pool, asio::use_awaitable));
  try {
    work();
  } catch (...) {  // a handler's bug ends nothing but its own call
  }
  co_await asio::post(home, asio::use_awaitable);
}

void log_upgrade(ServerCore& core, const Request& request, int status,
                 std::chrono::steady_clock::time_point start) {
  if (!core.on_log) {
    return;
  }
  RequestLog log;
  log.method = request.method;
  log.path = request.path;
  log.status = status;
  log.latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  core.on_log(log);
}

}  // namespace

template <class Stream>
asio::awaitable<void> serve_websocket(ServerCore& core, Stream& stream, Connection& conn,
                                      BeastRequest upgrade) {
  const auto start = std::chrono::steady_clock::now();
  auto strand = co_await asio::this_coro::executor;
  auto peer = std::make_shared<Peer<Stream>>(
      stream, std::to_string(core.websocket_ids.fetch_add(1) + 1), strand);
  BeastRequest copy = upgrade;
  Request request = to_request(std::move(copy), conn.peer_ip);
  request.client_cert_pem = conn.tls.client_cert_pem;
  std::optional<Response> refusal;
  co_await on_pool(core, [&] { refusal = core.websocket.on_connect(request, peer); });
  if (refusal) {
    BeastResponse out = to_beast(std::move(*refusal), request.method, upgrade.version(), false);
    beast::get_lowest_layer(stream).expires_after(core.options.body_timeout);
    const int status = static_cast<int>(out.result_int());
    co_await http::async_write(stream, out, kTuple);
    log_upgrade(core, request, status, start);
    co_return;
  }
  conn.upgraded = true;
  beast::get_lowest_layer(stream).expires_never();  // the WebSocket keeps its own timers
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = core.options.header_timeout;
  timeouts.idle_timeout = std::chrono::minutes(10);  // API Gateway's idle connection timeout
  timeouts.keep_alive_pings = true;
  peer->ws().set_option(timeouts);
  peer->ws().read_message_max(kMaxWebSocketMessage);
  auto accepted = co_await peer->ws().async_accept(upgrade, kTuple);
  if (std::get<0>(accepted)) {
    co_await peer->finish();
    if (core.websocket.on_disconnect) {
      co_await on_pool(core, [&] { core.websocket.on_disconnect(peer, 1006); });
    }
    co_return;
  }
  peer->opened();
  log_upgrade(core, request, 101, start);
  int close_code = 1006;
  for (;;) {
    beast::flat_buffer buffer;
    auto read = co_await peer->ws().async_read(buffer, kTuple);
    const boost::system::error_code ec = std::get<0>(read);
    if (ec) {
      if (ec == websocket::error::closed) {
        close_code = peer->ws().reason().code;
      }
      break;
    }
    const bool binary = !peer->ws().got_text();
    std::string message = beast::buffers_to_string(buffer.data());
    if (core.websocket.on_message) {
      co_await on_pool(core, [&] { core.websocket.on_message(peer, message, binary); });
    }
  }
  if (auto own = peer->closed_by_server()) {
    close_code = *own;
  }
  co_await peer->finish();
  if (core.websocket.on_disconnect) {
    co_await on_pool(core, [&] { core.websocket.on_disconnect(peer, close_code); });
  }
}

}  // namespace gw::server
