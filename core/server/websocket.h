#pragma once

/// WebSocket upgrades on gw's listener (RFC 6455 through Boost.Beast): the hook the WebSocket
/// API pipeline plugs into. core/server knows connections and messages; what a message means
/// (routes, integrations, @connections) is the handler's.
///
/// API Gateway's transport limits apply here: a message over 128 KB closes the connection
/// with 1009 (a frame over 32 KB is fine: Beast reassembles), an idle connection is closed
/// after 10 minutes, and the server pings idle clients.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/http.h"

namespace gw::server {

/// API Gateway's WebSocket limits (quotas page: "WebSocket frame size 32 KB", "Message
/// payload size 128 KB", "Idle connection timeout 10 minutes").
inline constexpr size_t kMaxWebSocketMessage = 128 * 1024;

/// One open WebSocket connection, as the handler sees it. Thread-safe.
class WebSocketPeer {
 public:
  virtual ~WebSocketPeer() = default;
  /// The server's id of this connection (unique while the server runs).
  virtual const std::string& id() const = 0;
  /// Queues a message; false when the connection is already closing or gone.
  virtual bool send(std::string message, bool binary = false) = 0;
  /// Closes the connection (code 1000 unless told otherwise) once queued messages are sent.
  virtual void close(int code = 1000, std::string reason = {}) = 0;
};

using WebSocketPeerPtr = std::shared_ptr<WebSocketPeer>;

/// What the server calls. Every callback may block (it runs on the pool, never on an I/O
/// thread); the callbacks of one connection run one at a time, in order.
struct WebSocketHandler {
  /// The upgrade request: nullopt accepts it; a Response refuses it (sent as plain HTTP).
  std::function<std::optional<Response>(const Request&, const WebSocketPeerPtr&)> on_connect;
  /// A whole message (text unless binary).
  std::function<void(const WebSocketPeerPtr&, const std::string& message, bool binary)> on_message;
  /// The connection is gone: the close code the client sent, the server's own when close()
  /// ended it, 1006 when the client just vanished.
  std::function<void(const WebSocketPeerPtr&, int close_code)> on_disconnect;
};

}  // namespace gw::server
