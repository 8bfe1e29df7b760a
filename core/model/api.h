#pragma once

/// The API model: what a spec means to API Gateway, as plain values. openapi/ builds it from a
/// document (OpenAPI 2.0/3.0/3.1 + x-amazon-apigateway-* + x-gw); everything else reads it.
/// Schemas and policies are kept as JSON text (the model carries no JSON library).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/source_loc.h"
#include "core/model/config.h"

namespace gw::model {

enum class ApiType { Rest, Http, WebSocket };

/// x-amazon-apigateway-integration.type (case-insensitive in the spec).
enum class IntegrationType { Mock, Http, HttpProxy, Aws, AwsProxy };

/// One entry of x-amazon-apigateway-integration.responses, keyed by selection pattern.
struct IntegrationResponse {
  std::string selection_pattern;  ///< "default" for the default response
  std::string status_code;        ///< method response status to answer with
  std::map<std::string, std::string> response_parameters;  ///< method.response.header.X -> expr
  std::map<std::string, std::string> response_templates;   ///< content type -> template
  std::map<std::string, SourceLoc> response_template_locs;  ///< content type -> where its text starts
  std::string content_handling;   ///< CONVERT_TO_TEXT | CONVERT_TO_BINARY | ""
  SourceLoc where;
};

struct TlsConfig {
  bool insecure_skip_verification = false;
  std::string server_name_to_verify;
};

/// x-amazon-apigateway-integration.
struct Integration {
  IntegrationType type = IntegrationType::Mock;
  std::string uri;                   ///< may hold ${stageVariables.x}
  std::string http_method;           ///< integration method; "" = the method's own
  std::string connection_type = "INTERNET";  ///< INTERNET | VPC_LINK
  std::string connection_id;         ///< VPC link id (may hold ${stageVariables.x})
  std::string credentials;
  std::map<std::string, std::string> request_parameters;  ///< integration.request.X -> expr
  std::map<std::string, std::string> request_templates;   ///< content type -> template
  std::map<std::string, SourceLoc> request_template_locs;  ///< content type -> where its text starts
  std::string passthrough_behavior = "WHEN_NO_MATCH";     ///< upper-case
  std::string content_handling;
  int timeout_ms = 29000;
  std::vector<std::string> cache_key_parameters;
  std::string cache_namespace;
  std::vector<IntegrationResponse> responses;  ///< in document order
  std::string payload_format_version;          ///< HTTP APIs: "1.0" | "2.0"
  std::string integration_subtype;             ///< HTTP APIs' AWS service integrations
  std::optional<TlsConfig> tls;
  std::map<std::string, std::map<std::string, std::string>> response_parameters_by_status;  ///< HTTP APIs
  SourceLoc where;
};

/// One parameter of an operation (path, query, header, cookie).
struct Parameter {
  std::string name;
  std::string in;                ///< path | query | header | cookie
  bool required = false;
  std::string schema_json;       ///< JSON text of the schema, "" when none
  SourceLoc where;
};

/// A security requirement: each entry names a security scheme and its scopes.
using SecurityRequirement = std::map<std::string, std::vector<std::string>>;

/// One method of one resource (REST) or one route (HTTP/WebSocket).
struct Operation {
  std::string method;        ///< upper-case HTTP method, or "ANY"
  std::string path;          ///< resource path template, "/pets/{id}"; route key for WebSocket
  std::string route_key;     ///< "GET /pets/{id}", "$default", "$connect"
  std::string operation_id;
  std::string summary;
  std::vector<Parameter> parameters;  ///< path-level parameters merged in
  std::map<std::string, std::string> request_body_schemas;  ///< content type -> JSON schema text
  bool request_body_required = false;
  std::vector<std::string> response_codes;  ///< declared method responses ("200", "default")
  std::optional<Integration> integration;
  std::optional<std::vector<SecurityRequirement>> security;  ///< unset = inherit the API's
  bool api_key_required = false;     ///< derived from a security scheme of type apiKey
  std::string auth_type;             ///< x-amazon-apigateway-auth.type / authtype (AWS_IAM, NONE)
  std::string request_validator;     ///< x-amazon-apigateway-request-validator
  SourceLoc where;
};

/// x-amazon-apigateway-authorizer (attached to a security scheme).
struct Authorizer {
  std::string name;                  ///< the security scheme name
  std::string type;                  ///< token | request | cognito_user_pools | jwt (lower-case)
  std::string authorizer_uri;
  std::string authorizer_credentials;
  std::string identity_source;       ///< "method.request.header.Authorization", "$request.header.X"
  std::string identity_validation_expression;
  int result_ttl_seconds = 300;
  std::vector<std::string> provider_arns;
  std::string payload_format_version;        ///< HTTP APIs
  bool enable_simple_responses = false;      ///< HTTP APIs
  std::string jwt_issuer;                    ///< jwtConfiguration.issuer
  std::vector<std::string> jwt_audience;     ///< jwtConfiguration.audience
  std::string scheme_type;                   ///< apiKey | oauth2 | http | openIdConnect
  std::string scheme_in;                     ///< header | query (for apiKey schemes)
  std::string scheme_header_name;            ///< e.g. "Authorization" or "x-api-key"
  std::string auth_type;                     ///< x-amazon-apigateway-authtype
  SourceLoc where;
};

/// x-amazon-apigateway-gateway-responses entry.
struct GatewayResponse {
  std::string type;                 ///< DEFAULT_4XX, MISSING_AUTHENTICATION_TOKEN, ...
  std::optional<int> status_code;
  std::map<std::string, std::string> response_parameters;  ///< gatewayresponse.header.X -> expr
  std::map<std::string, std::string> response_templates;
  std::map<std::string, SourceLoc> response_template_locs;
  SourceLoc where;
};

/// x-amazon-apigateway-request-validators entry.
struct RequestValidator {
  bool validate_body = false;
  bool validate_parameters = false;
};

/// HTTP APIs' x-amazon-apigateway-cors.
struct CorsConfig {
  std::vector<std::string> allow_origins;
  std::vector<std::string> allow_methods;
  std::vector<std::string> allow_headers;
  std::vector<std::string> expose_headers;
  bool allow_credentials = false;
  std::optional<int> max_age;
  SourceLoc where;
};

/// A whole API as API Gateway would import it.
struct Api {
  std::string title;
  std::string version;
  std::string openapi_version;        ///< "2.0", "3.0.3", "3.1.0"
  ApiType type = ApiType::Rest;
  std::string type_reason;            ///< why this type was chosen ("x-gw.apiType", "inferred: ...")
  std::string base_path;              ///< basePath / servers[0] path, "" or "/v1"
  std::vector<Operation> operations;  ///< in document order
  std::vector<std::string> default_security_names;  ///< top-level security (flattened names)
  std::optional<std::vector<SecurityRequirement>> security;
  std::map<std::string, Authorizer> authorizers;       ///< by security scheme name
  std::map<std::string, GatewayResponse> gateway_responses;  ///< by type
  std::map<std::string, RequestValidator> request_validators;
  std::string default_request_validator;  ///< top-level x-amazon-apigateway-request-validator
  std::vector<std::string> binary_media_types;
  std::string api_key_source = "HEADER";  ///< HEADER | AUTHORIZER
  std::optional<CorsConfig> cors;
  std::string policy_json;                ///< x-amazon-apigateway-policy as JSON text
  std::vector<std::string> endpoint_types;    ///< endpoint-configuration.types
  bool disable_execute_api_endpoint = false;
  std::optional<int> minimum_compression_size;
  std::string route_selection_expression;  ///< WebSocket APIs
  std::vector<WebSocketRoute> websocket_routes;  ///< WebSocket APIs, in document order
  std::string api_key_selection_expression;
  std::map<std::string, std::string> models;  ///< schema name -> JSON schema text
  GwConfig gw;                               ///< the x-gw block (or --config file)
  std::shared_ptr<const std::string> spec_path;
  SourceLoc where;            ///< the document root
  std::string deployment_id;  ///< the `gw deploy` snapshot served; "" = the working spec
};

/// `.gw/` beside a spec file ("specs/api.yaml" -> "specs/.gw", "api.yaml" -> ".gw").
std::string state_dir_beside(std::string_view spec_path);

/// gw's state directory for api (deployments, quota counters, dev keys, the AWS sink's
/// stores): `chosen` when not empty (--state-dir), else `.gw/` beside the spec, else "" (an API
/// without a spec file keeps its state in memory).
std::string state_dir_of(const Api& api, std::string_view chosen = {});

std::string_view to_string(ApiType t);
std::string_view to_string(IntegrationType t);

}  // namespace gw::model
