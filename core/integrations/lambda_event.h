#pragma once

/// The events API Gateway sends to a Lambda proxy integration.
///
/// Payload 1.0 (REST `aws_proxy`, HTTP APIs with payloadFormatVersion 1.0): exactly the 12
/// top-level keys of fact 10 (HTTP APIs add `"version":"1.0"`), absent things `null` (fact 9),
/// query strings form-decoded with the last value winning in `queryStringParameters` and all
/// values in `multiValueQueryStringParameters` (facts 7, 8), path parameters as routed (fact 6),
/// header casing as sent except `Authorization`/`User-Agent` (fact 13), the requestContext and
/// identity keys of facts 11–12, bodies base64-encoded when their Content-Type matches the API's
/// binary media types (fact 74).
/// Payload 2.0 (HTTP APIs, fact 62): version, routeKey, rawPath, rawQueryString, cookies,
/// lower-cased headers and query parameters with duplicates comma-joined, requestContext.http,
/// absent fields omitted.

#include <string>

namespace gw::pipeline {
class Exchange;
}

namespace gw::integrations {

/// The payload 1.0 event for ex (http_api adds the `version` key).
std::string lambda_event_v1(const pipeline::Exchange& ex, bool http_api);
/// The payload 2.0 event for ex.
std::string lambda_event_v2(const pipeline::Exchange& ex);

}  // namespace gw::integrations
