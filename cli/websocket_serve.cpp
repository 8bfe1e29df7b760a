#include "cli/websocket_serve.h"

#include <memory>
#include <utility>

#include "core/pipeline/stage_match.h"

namespace gw::cli {
namespace {

class PeerChannel final : public websocket::Channel {
 public:
  explicit PeerChannel(server::WebSocketPeerPtr peer) : peer_(std::move(peer)) {}
  bool send(std::string message, bool binary) override {
    return peer_->send(std::move(message), binary);
  }
  void close(int code, std::string reason) override { peer_->close(code, std::move(reason)); }

 private:
  server::WebSocketPeerPtr peer_;
};

}  // namespace

server::WebSocketHandler websocket_handler(websocket::WebSocketApi& api) {
  server::WebSocketHandler h;
  h.on_connect = [&api](const Request& request, const server::WebSocketPeerPtr& peer) {
    return api.connect(request, peer->id(), std::make_shared<PeerChannel>(peer));
  };
  h.on_message = [&api](const server::WebSocketPeerPtr& peer, const std::string& message,
                        bool binary) { api.message(peer->id(), message, binary); };
  h.on_disconnect = [&api](const server::WebSocketPeerPtr& peer, int code) {
    api.disconnect(peer->id(), code);
  };
  return h;
}

std::vector<std::string> websocket_banner(const model::Api& api, const std::string& only_stage,
                                          const std::string& base) {
  std::vector<std::string> out;
  for (const pipeline::ServedStage& s : pipeline::served_stages(api, only_stage)) {
    out.push_back("  stage " + s.name + " " + base + s.base_path + "  (@connections: " + "http" +
                  base.substr(2) + s.base_path + "/@connections/{connectionId})");
  }
  out.push_back("  routes (" + api.route_selection_expression + "):");
  for (const model::WebSocketRoute& r : api.websocket_routes) {
    std::string target = r.integration_type == "AWS_PROXY" ? "AWS_PROXY " + r.integration_uri
                                                           : std::string("MOCK");
    out.push_back("    " + r.route_key + " -> " + target + (r.route_response ? " (two-way)" : ""));
  }
  return out;
}

}  // namespace gw::cli
