#pragma once

/// A connection upgraded to WebSocket (websocket.h), private to core/server: the handler's
/// on_connect decides, then messages are read in order and handed to on_message on the pool,
/// while WebSocketPeer::send writes from any thread through a queue on the connection's strand.

#include <boost/asio/awaitable.hpp>

#include "core/server/http_session.h"
#include "core/server/wire.h"

namespace gw::server {

/// Serves the upgrade request `upgrade` on stream until the WebSocket closes. Logs the
/// upgrade (101, or the refusal) like any request.
template <class Stream>
boost::asio::awaitable<void> serve_websocket(ServerCore& core, Stream& stream, Connection& conn,
                                             BeastRequest upgrade);

}  // namespace gw::server
