#pragma once

/// Small helpers the rules share: raw-tree lookups, route facts, CORS facts.

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint/rule.h"

namespace gw::lint::rules {

/// The raw node of `op` (paths[path][method]), or nullptr (e.g. behind a $ref).
const openapi::Node* op_node(const Input& in, const model::Operation& op);
/// The raw path item of `path`, or nullptr.
const openapi::Node* path_node(const Input& in, std::string_view path);
/// The integration's raw node of `op`, or nullptr.
const openapi::Node* integration_node(const Input& in, const model::Operation& op);
/// Position of `key`'s value inside `map` (or the map's own position when absent).
SourceLoc loc_of(const openapi::Node* map, std::string_view key, SourceLoc fallback);

/// Position of `key` itself inside `map` (or `fallback` when absent).
SourceLoc key_loc_of(const openapi::Node* map, std::string_view key, SourceLoc fallback);

/// "{id}", "{proxy+}" names of a path template, in order (without braces and '+').
std::vector<std::string> path_params(std::string_view path);
bool is_lambda_uri(std::string_view uri);
bool is_proxy(const model::Integration& i);
/// All operations on `path`.
std::vector<const model::Operation*> ops_on(const model::Api& api, std::string_view path);
/// The value (without quotes) of a static header mapping such as "'GET,POST'".
std::string literal(std::string_view expr);
/// The literal of header `name` in the OPTIONS method's integration responses (or method
/// response parameters); "" when absent.
std::string preflight_header(const model::Operation& options, std::string_view name);
/// True when the REST API shows it means to be called cross-origin (any preflight, CORS header).
bool rest_cors_in_use(const model::Api& api);
/// True when the operation is protected by an authorizer, IAM or a JWT (not only an API key).
bool has_authorization(const model::Api& api, const model::Operation& op);
/// True for a loopback or local host name.
bool is_local_host(std::string_view host);
/// Adds the names `${stageVariables.x}`, `$stageVariables.x` and `stageVariables.x` in text.
void collect_stage_variables(std::string_view text, std::set<std::string>& out);
/// Every stage variable the API references: integration URIs, connection ids, credentials,
/// request parameters and templates, response templates and parameters, authorizer URIs.
std::set<std::string> stage_variables_referenced(const model::Api& api);
/// Splits "a,b , c" into trimmed items.
std::vector<std::string> split_list(std::string_view s);

}  // namespace gw::lint::rules
