#pragma once

/// The Lambda proxy events of WebSocket APIs, as API Gateway sends them (captures from AWS:
/// aws/aws-lambda-go events/testdata/apigw-websocket-request-{send-message,disconnect}.json,
/// 2024; the $connect events quoted in aws/aws-lambda-runtime-interface-emulator#25 and
/// rails-lambda/lamby#74).
///
/// CONNECT: `headers` and `multiValueHeaders` (the upgrade request's, as sent, without
/// Connection/Upgrade, plus X-Amzn-Trace-Id and X-Forwarded-For/Port/Proto),
/// `queryStringParameters` / `multiValueQueryStringParameters` when there is a query,
/// `requestContext`, `isBase64Encoded: false`.
/// MESSAGE: `requestContext` (with `messageId`), `body`, `isBase64Encoded` (binary frames are
/// base64-encoded).
/// DISCONNECT: the fixed headers AWS sends (Host, empty x-api-key, X-Forwarded-For, x-restapi),
/// `requestContext` with `disconnectStatusCode` and `disconnectReason`, `isBase64Encoded`.
/// requestContext: routeKey, (messageId,) eventType, extendedRequestId, requestTime,
/// messageDirection "IN", stage, connectedAt, requestTimeEpoch, identity {userAgent, sourceIp},
/// requestId, domainName, connectionId, apiId.

#include <cstdint>
#include <string>

#include "core/base/http.h"

namespace gw::websocket {

/// What every event of one connection says about it, plus this event's ids and time.
struct EventContext {
  std::string route_key;
  std::string connection_id;
  std::string message_id;  ///< MESSAGE only
  std::string request_id;  ///< also the extendedRequestId, as AWS's are equal
  std::string stage;
  std::string domain_name;  ///< the upgrade's Host ("127.0.0.1:3000")
  std::string api_id;
  int64_t connected_at_ms = 0;
  int64_t request_time_ms = 0;
  std::string source_ip;
  std::string user_agent;  ///< "" when the client sent none
  /// This event's X-Amzn-Trace-Id (core/observe/trace.h): CONNECT keeps the upgrade's Root.
  std::string trace_id;
};

std::string connect_event(const EventContext& c, const Request& upgrade);
std::string message_event(const EventContext& c, const std::string& body, bool binary);
std::string disconnect_event(const EventContext& c, int status_code, const std::string& reason);

/// An error frame API Gateway sends on a connection, spaced as AWS spaces it:
/// `{"message": "Forbidden", "connectionId":"...", "requestId":"..."}`.
std::string error_frame(std::string_view message, const std::string& connection_id,
                        const std::string& request_id);

}  // namespace gw::websocket
