#include "core/websocket/events.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <vector>

#include "core/base/base64.h"
#include "core/base/clock.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"

namespace gw::websocket {
namespace {

using Json = nlohmann::ordered_json;

Json nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json request_context(const EventContext& c, std::string_view event_type) {
  Json rc;
  rc["routeKey"] = c.route_key;
  if (event_type == "MESSAGE") {
    rc["messageId"] = c.message_id;
  }
  rc["eventType"] = event_type;
  rc["extendedRequestId"] = c.request_id;
  rc["requestTime"] = format_clf_time(std::chrono::system_clock::time_point(
      std::chrono::milliseconds(c.request_time_ms)));
  rc["messageDirection"] = "IN";
  rc["stage"] = c.stage;
  rc["connectedAt"] = c.connected_at_ms;
  rc["requestTimeEpoch"] = c.request_time_ms;
  rc["identity"] = Json{{"userAgent", nullable(c.user_agent)}, {"sourceIp", c.source_ip}};
  rc["requestId"] = c.request_id;
  rc["domainName"] = c.domain_name;
  rc["connectionId"] = c.connection_id;
  rc["apiId"] = c.api_id;
  return rc;
}

void add_headers(Json& event, const std::vector<std::pair<std::string, std::string>>& headers) {
  Json single = Json::object();
  Json multi = Json::object();
  for (const auto& [name, value] : headers) {
    single[name] = value;  // the last value wins, as in REST's payload 1.0
    multi[name].push_back(value);
  }
  event["headers"] = std::move(single);
  event["multiValueHeaders"] = std::move(multi);
}

}  // namespace

std::string connect_event(const EventContext& c, const Request& upgrade) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : upgrade.headers.entries()) {
    if (iequals(name, "Connection") || iequals(name, "Upgrade") ||
        iequals(name, "X-Amzn-Trace-Id")) {
      continue;  // the hop-by-hop pair never reaches the integration; the trace is replaced
    }
    headers.emplace_back(name, value);
  }
  headers.emplace_back("X-Amzn-Trace-Id", c.trace_id);
  headers.emplace_back("X-Forwarded-For", c.source_ip);
  headers.emplace_back("X-Forwarded-Port", "443");
  headers.emplace_back("X-Forwarded-Proto", "https");
  Json event;
  add_headers(event, headers);
  const auto query = parse_query(upgrade.query);
  if (!query.empty()) {
    Json single = Json::object();
    Json multi = Json::object();
    for (const auto& [name, value] : query) {
      single[name] = value;
      multi[name].push_back(value);
    }
    event["queryStringParameters"] = std::move(single);
    event["multiValueQueryStringParameters"] = std::move(multi);
  }
  event["requestContext"] = request_context(c, "CONNECT");
  event["isBase64Encoded"] = false;
  return event.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string message_event(const EventContext& c, const std::string& body, bool binary) {
  Json event;
  event["requestContext"] = request_context(c, "MESSAGE");
  event["body"] = binary ? base64_encode(body) : body;
  event["isBase64Encoded"] = binary;
  return event.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string disconnect_event(const EventContext& c, int status_code, const std::string& reason) {
  Json event;
  add_headers(event, {{"Host", c.domain_name},
                      {"x-api-key", ""},
                      {"X-Forwarded-For", ""},
                      {"x-restapi", ""}});
  Json rc = request_context(c, "DISCONNECT");
  Json ordered;
  for (auto it = rc.begin(); it != rc.end(); ++it) {
    ordered[it.key()] = it.value();
    if (it.key() == "routeKey") {
      ordered["disconnectStatusCode"] = status_code;
    } else if (it.key() == "messageDirection") {
      ordered["disconnectReason"] = reason;
    }
  }
  event["requestContext"] = std::move(ordered);
  event["isBase64Encoded"] = false;
  return event.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string error_frame(std::string_view message, const std::string& connection_id,
                        const std::string& request_id) {
  std::string out = "{\"message\": ";
  append_json_string(out, message);
  out += ", \"connectionId\":";
  append_json_string(out, connection_id);
  out += ", \"requestId\":";
  append_json_string(out, request_id);
  out += "}";
  return out;
}

}  // namespace gw::websocket
