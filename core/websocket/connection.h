#pragma once

/// WebSocketApi's own pieces (websocket_api.cpp, connections_api.cpp): the API being served,
/// one open connection, how a Lambda proxy answer is read.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/pipeline/stage_match.h"
#include "core/websocket/events.h"
#include "core/websocket/websocket_api.h"

namespace gw::websocket {

/// What a route's integration answered.
struct Outcome {
  bool ok = true;       ///< false: the integration failed (an error frame, or 502 on $connect)
  int status = 200;     ///< the proxy answer's statusCode
  std::string body;     ///< sent back on two-way routes
  std::string detail;   ///< for the log
};

/// A Lambda proxy answer `{"statusCode": 200, "body": "..."}` (a missing statusCode is 200,
/// a string statusCode is read as a number, as REST proxy answers are).
Outcome proxy_outcome(const std::string& payload, const std::string& function);

/// "R1kmxc2VNjMCFIA=": 15 URL-safe base64 characters and '=', like API Gateway's ids.
std::string make_connection_id(Random& random);

struct WebSocketApi::Served {
  std::shared_ptr<const model::Api> api;
  std::vector<pipeline::ServedStage> stages;
  std::string api_id;
  std::map<std::string, model::WebSocketRoute> routes;  ///< by route key
};

struct WebSocketApi::Connection {
  std::string key;  ///< the transport's id
  std::string id;   ///< the connectionId
  std::shared_ptr<Channel> channel;
  std::string stage;
  std::string domain;
  std::string source_ip;
  std::string user_agent;
  int64_t connected_at_ms = 0;
  std::atomic<int64_t> last_active_ms{0};

  EventContext context(const std::string& api_id, const std::string& route_key,
                       std::string request_id, int64_t time_ms) const {
    EventContext c;
    c.route_key = route_key;
    c.connection_id = id;
    c.request_id = std::move(request_id);
    c.stage = stage;
    c.domain_name = domain;
    c.api_id = api_id;
    c.connected_at_ms = connected_at_ms;
    c.request_time_ms = time_ms;
    c.source_ip = source_ip;
    c.user_agent = user_agent;
    return c;
  }
  void set_close_reason(std::string r) {
    std::lock_guard lock(mu);
    reason = std::move(r);
  }
  std::string close_reason() const {
    std::lock_guard lock(mu);
    return reason;
  }

 private:
  mutable std::mutex mu;
  std::string reason;
};

}  // namespace gw::websocket
