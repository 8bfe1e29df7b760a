#pragma once

/// The factories of every lint rule, one per file in this directory; registry.cpp lists them.

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lint/rule.h"

namespace gw::lint::rules {

std::unique_ptr<Rule> make_correctness_burst_below_rate();
std::unique_ptr<Rule> make_correctness_cache_key_params();
std::unique_ptr<Rule> make_correctness_cache_non_get();
std::unique_ptr<Rule> make_correctness_duplicate_operation_id();
std::unique_ptr<Rule> make_correctness_greedy_not_last();
std::unique_ptr<Rule> make_correctness_model_schema();
std::unique_ptr<Rule> make_correctness_path_params();
std::unique_ptr<Rule> make_correctness_selection_pattern();
std::unique_ptr<Rule> make_correctness_spec_warning();
std::unique_ptr<Rule> make_correctness_timeout_range();
std::unique_ptr<Rule> make_correctness_unresolved_ref();
std::unique_ptr<Rule> make_correctness_usage_plan_stage();
std::unique_ptr<Rule> make_correctness_vtl_syntax();
std::unique_ptr<Rule> make_cors_allow_headers_auth();
std::unique_ptr<Rule> make_cors_gateway_responses();
std::unique_ptr<Rule> make_cors_http_options_routes();
std::unique_ptr<Rule> make_cors_lambda_proxy();
std::unique_ptr<Rule> make_cors_missing_preflight();
std::unique_ptr<Rule> make_cors_preflight_methods();
std::unique_ptr<Rule> make_cors_wildcard_credentials();
std::unique_ptr<Rule> make_deploy_canary_unknown_deployment();
std::unique_ptr<Rule> make_deploy_canary_unused_override();
std::unique_ptr<Rule> make_deploy_stage_drift();
std::unique_ptr<Rule> make_deploy_stage_never_deployed();
std::unique_ptr<Rule> make_deploy_undefined_stage_variable();
std::unique_ptr<Rule> make_lint_unknown_ignore();
std::unique_ptr<Rule> make_proxy_lambda_method();
std::unique_ptr<Rule> make_proxy_lambda_uri();
std::unique_ptr<Rule> make_proxy_payload_format();
std::unique_ptr<Rule> make_proxy_templates_ignored();
std::unique_ptr<Rule> make_security_api_key_only();
std::unique_ptr<Rule> make_security_authorizer_cache_ttl();
std::unique_ptr<Rule> make_security_edge_certificate_region();
std::unique_ptr<Rule> make_security_no_authorization();
std::unique_ptr<Rule> make_security_open_resource_policy();
std::unique_ptr<Rule> make_security_plain_http_backend();
std::unique_ptr<Rule> make_security_tls_policy();
std::unique_ptr<Rule> make_type_http_api_keys();
std::unique_ptr<Rule> make_type_http_caching();
std::unique_ptr<Rule> make_type_http_canary();
std::unique_ptr<Rule> make_type_http_endpoint();
std::unique_ptr<Rule> make_type_http_integration();
std::unique_ptr<Rule> make_type_http_mapping_templates();
std::unique_ptr<Rule> make_type_http_request_validators();
std::unique_ptr<Rule> make_type_rest_jwt_authorizer();

}  // namespace gw::lint::rules
