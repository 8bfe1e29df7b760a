#pragma once

/// The routes of an API as rows: `gw routes` prints them (table or JSON), `gw serve` prints
/// the same table in its banner.

#include <string>
#include <vector>

#include "core/model/api.h"

namespace gw::cli {

struct RouteRow {
  std::string method;              ///< GET, ANY, or "" for WebSocket route keys
  std::string path;                ///< resource path, or route key ($default, $connect)
  std::string integration_type;    ///< MOCK, HTTP_PROXY, AWS_PROXY, ... or NONE
  std::string integration_target;  ///< uri, "mock", VPC link id, or ""
  std::string authorization;       ///< NONE, AWS_IAM, or authorizer names joined by ','
  bool api_key_required = false;
  std::string operation_id;
};

/// One row per operation, in document order.
std::vector<RouteRow> route_rows(const model::Api& api);

/// An aligned table with a header line (METHOD PATH INTEGRATION AUTH API KEY), each line
/// prefixed by `indent`.
std::string format_route_table(const std::vector<RouteRow>& rows, const std::string& indent,
                               bool colour);

}  // namespace gw::cli
