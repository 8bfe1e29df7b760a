#include "core/server/websocket_session_impl.h"

namespace gw::server {

template asio::awaitable<void> serve_websocket<beast::ssl_stream<beast::tcp_stream>>(
    ServerCore&, beast::ssl_stream<beast::tcp_stream>&, Connection&, BeastRequest);

}  // namespace gw::server
