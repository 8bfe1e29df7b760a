#pragma once

/// HTTP integrations: REST `http` (non-proxy) and `http_proxy`, HTTP APIs' `HTTP_PROXY`
/// (payload format 1.0), over the internet or a VPC link.
///
/// Emulates: the URI with `${stageVariables.x}` substituted and `{name}` placeholders filled from
/// `integration.request.path.X` mappings (or, leniently, same-named method path parameters);
/// http_proxy forwards the client's query string, headers (minus Host and hop-by-hop) and body
/// and adds `X-Amzn-Apigateway-Api-Id`; http (non-proxy) sends only `Accept`, `User-Agent:
/// AmazonAPIGateway_<apiId>`, `X-Amzn-Apigateway-Api-Id`, `X-Amzn-Trace-Id` and mapped headers
/// (fact 27), and the selected request template or the body. Both send the request's trace
/// header (core/observe/trace.h) in place of the client's X-Amzn-Trace-Id. REST http_proxy
/// answers are returned with the backend's Connection, Content-Length, Date, Server and
/// x-amzn-RequestId renamed to `x-amzn-Remapped-<Name>` (fact 25). VPC_LINK: `connectionId`
/// (stage variables substituted) names an entry of x-gw.vpcLinks whose base URL replaces the
/// URI's scheme, host and port.
/// Reads: uri, httpMethod, connectionType, connectionId, requestParameters, timeoutInMillis,
/// tlsConfig.insecureSkipVerification.
/// Produces: INTEGRATION_TIMEOUT (timeout), INTEGRATION_FAILURE (backend unreachable),
/// API_CONFIGURATION_ERROR (unknown VPC link, mapping of Content-Length/Transfer-Encoding,
/// fact 26).
/// `$context.requestOverride.{path,querystring,header}.X` set by the request template win over the
/// mappings.
/// Differences: none known in the headers sent; the X-Ray subsegment for the call is gw's own
/// (core/observe/xray_segment.h).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/integrations/http_client.h"
#include "core/integrations/integration.h"
#include "core/pipeline/value_expr.h"

namespace gw::integrations {

/// Called with each call just before it is sent (AWS service integrations sign it).
using CallSigner = std::function<void(HttpCall& call, const pipeline::Exchange& ex)>;

class HttpIntegration final : public Integration {
 public:
  HttpIntegration(const model::Api& api, const model::Integration& config,
                  CallSigner signer = nullptr);
  std::string_view kind() const override { return kind_; }
  Result<IntegrationOutput> invoke(pipeline::Exchange& ex) const override;

  /// The call invoke() would make (exposed for tests and `gw invoke --dry-run`).
  Result<HttpCall> build_call(const pipeline::Exchange& ex) const;

 private:
  Result<std::string> build_url(const pipeline::Exchange& ex) const;
  std::string fill_placeholders(const pipeline::Exchange& ex, std::string_view path) const;
  std::string build_query(const pipeline::Exchange& ex, std::string_view uri_query) const;
  Headers build_headers(const pipeline::Exchange& ex) const;
  Response remap_response(Response&& r) const;

  const model::Api& api_;
  const model::Integration& config_;
  std::string_view kind_;
  bool proxy_ = false;
  bool http_api_ = false;
  std::string config_error_;
  CallSigner signer_;
  using Mapping = std::pair<std::string, pipeline::ValueExpr>;  ///< name -> its source
  std::vector<Mapping> path_maps_;
  std::vector<Mapping> query_maps_;
  std::vector<Mapping> header_maps_;
};

/// True for hop-by-hop headers that a proxy never forwards.
bool is_hop_by_hop(std::string_view name);

}  // namespace gw::integrations
