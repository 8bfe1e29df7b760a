// The @connections management API of a WebSocket API (AWS-doc
// apigateway-how-to-call-websocket-api-connections.md; the operations as botocore's
// apigatewaymanagementapi 2018-11-29 model defines them):
//   POST   /{stage}/@connections/{id}  PostToConnection: the body is sent as a text message (200)
//   GET    /{stage}/@connections/{id}  GetConnection: {connectedAt, identity {sourceIp,
//                                      userAgent}, lastActiveAt}, ISO 8601 times (200)
//   DELETE /{stage}/@connections/{id}  DeleteConnection: closes the connection (204)
// An unknown or closed id answers 410 with `x-amzn-ErrorType: GoneException` and no body (SDKs
// report "GoneException: null" / "410"); data over 128 KB answers 413 PayloadTooLargeException.
// Differences: the SigV4 signature is not checked (any caller may manage connections).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/base/strings.h"
#include "core/websocket/connection.h"

namespace gw::websocket {
namespace {

constexpr std::string_view kConnections = "/@connections/";
constexpr size_t kMaxData = 128 * 1024;  // the Data shape's max: 131072

Response answer(int status, Random& random, std::string_view error_type = {},
                std::string body = {}) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.headers.set("x-amzn-RequestId", make_uuid(random));
  if (!error_type.empty()) {
    r.headers.set("x-amzn-ErrorType", std::string(error_type));
  }
  r.body = std::move(body);
  return r;
}

std::string iso_ms(int64_t ms) {
  return format_iso8601(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

}  // namespace

std::optional<Response> WebSocketApi::manage(const Request& request) {
  const size_t at = request.path.find(kConnections);
  const auto s = served_.load();
  if (at == std::string::npos || s == nullptr) {
    return std::nullopt;
  }
  const std::string_view stage_path = std::string_view(request.path).substr(0, at);
  const bool known_stage = std::any_of(s->stages.begin(), s->stages.end(), [&](const auto& st) {
    return st.base_path == stage_path;
  });
  const std::string id = percent_decode(request.path.substr(at + kConnections.size()));
  if (!known_stage || id.empty() || id.find('/') != std::string::npos) {
    return answer(403, *deps_.random, "ForbiddenException", R"({"message":"Forbidden"})");
  }
  const auto c = find_id(id);
  if (c == nullptr) {
    return answer(410, *deps_.random, "GoneException");
  }
  if (request.method == "POST") {
    if (request.body.size() > kMaxData) {
      return answer(413, *deps_.random, "PayloadTooLargeException",
                    R"({"message":"Message too long"})");
    }
    if (!c->channel->send(request.body, false)) {
      return answer(410, *deps_.random, "GoneException");
    }
    c->last_active_ms = now_ms();
    return answer(200, *deps_.random);
  }
  if (request.method == "GET") {
    nlohmann::ordered_json out;
    out["connectedAt"] = iso_ms(c->connected_at_ms);
    out["identity"] = {{"sourceIp", c->source_ip}, {"userAgent", c->user_agent}};
    out["lastActiveAt"] = iso_ms(c->last_active_ms.load());
    return answer(200, *deps_.random, {},
                  out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (request.method == "DELETE") {
    {
      std::lock_guard lock(mu_);
      by_id_.erase(c->id);  // gone for @connections at once; $disconnect follows the close
    }
    c->channel->close(1000, "");
    return answer(204, *deps_.random);
  }
  return answer(403, *deps_.random, "ForbiddenException", R"({"message":"Forbidden"})");
}

Outcome proxy_outcome(const std::string& payload, const std::string& function) {
  const nlohmann::json doc = nlohmann::json::parse(payload, nullptr, false);
  Outcome o;
  o.detail = "function " + function;
  if (!doc.is_object()) {
    return o;  // null, a bare value: nothing to send back
  }
  if (auto sc = doc.find("statusCode"); sc != doc.end()) {
    if (sc->is_number_integer()) {
      o.status = sc->get<int>();
    } else if (sc->is_string()) {
      try {
        o.status = std::stoi(sc->get<std::string>());
      } catch (const std::exception&) {
        return Outcome{false, 500, "", "function " + function + ": statusCode is not a number"};
      }
    }
  }
  if (auto body = doc.find("body"); body != doc.end()) {
    o.body = body->is_string() ? body->get<std::string>() : body->is_null() ? "" : body->dump();
  }
  return o;
}

std::string make_connection_id(Random& random) {
  // URL-safe: the id is a path segment of the @connections API.
  return make_base64_id(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

}  // namespace gw::websocket
