#include "core/server/http_session_impl.h"

namespace gw::server {

template asio::awaitable<void> serve_http<beast::tcp_stream>(ServerCore&, beast::tcp_stream&,
                                                             Connection&);

}  // namespace gw::server
