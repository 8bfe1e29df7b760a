#include "core/server/websocket_session_impl.h"

namespace gw::server {

template asio::awaitable<void> serve_websocket<beast::tcp_stream>(ServerCore&, beast::tcp_stream&,
                                                                  Connection&, BeastRequest);

}  // namespace gw::server
