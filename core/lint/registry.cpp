#include "core/lint/registry.h"

#include <algorithm>

#include "core/lint/probe/probe.h"
#include "core/lint/rules/rules.h"

namespace gw::lint {
namespace {

std::vector<std::unique_ptr<Rule>> build() {
  std::vector<std::unique_ptr<Rule>> v;
  v.push_back(rules::make_correctness_burst_below_rate());
  v.push_back(rules::make_correctness_cache_key_params());
  v.push_back(rules::make_correctness_cache_non_get());
  v.push_back(rules::make_correctness_duplicate_operation_id());
  v.push_back(rules::make_correctness_greedy_not_last());
  v.push_back(rules::make_correctness_model_schema());
  v.push_back(rules::make_correctness_path_params());
  v.push_back(rules::make_correctness_selection_pattern());
  v.push_back(rules::make_correctness_spec_warning());
  v.push_back(rules::make_correctness_timeout_range());
  v.push_back(rules::make_correctness_unresolved_ref());
  v.push_back(rules::make_correctness_usage_plan_stage());
  v.push_back(rules::make_correctness_vtl_syntax());
  v.push_back(rules::make_cors_allow_headers_auth());
  v.push_back(rules::make_cors_gateway_responses());
  v.push_back(rules::make_cors_http_options_routes());
  v.push_back(rules::make_cors_lambda_proxy());
  v.push_back(rules::make_cors_missing_preflight());
  v.push_back(rules::make_cors_preflight_methods());
  v.push_back(rules::make_cors_wildcard_credentials());
  v.push_back(rules::make_deploy_canary_unknown_deployment());
  v.push_back(rules::make_deploy_canary_unused_override());
  v.push_back(rules::make_deploy_stage_drift());
  v.push_back(rules::make_deploy_stage_never_deployed());
  v.push_back(rules::make_deploy_undefined_stage_variable());
  v.push_back(rules::make_lint_unknown_ignore());
  v.push_back(rules::make_proxy_lambda_method());
  v.push_back(rules::make_proxy_lambda_uri());
  v.push_back(rules::make_proxy_payload_format());
  v.push_back(make_proxy_probe_cors_allow_origin());
  v.push_back(make_proxy_probe_function_error());
  v.push_back(make_proxy_probe_response_shape());
  v.push_back(rules::make_proxy_templates_ignored());
  v.push_back(rules::make_security_api_key_only());
  v.push_back(rules::make_security_authorizer_cache_ttl());
  v.push_back(rules::make_security_edge_certificate_region());
  v.push_back(rules::make_security_no_authorization());
  v.push_back(rules::make_security_open_resource_policy());
  v.push_back(rules::make_security_plain_http_backend());
  v.push_back(rules::make_security_tls_policy());
  v.push_back(rules::make_type_http_api_keys());
  v.push_back(rules::make_type_http_caching());
  v.push_back(rules::make_type_http_canary());
  v.push_back(rules::make_type_http_endpoint());
  v.push_back(rules::make_type_http_integration());
  v.push_back(rules::make_type_http_mapping_templates());
  v.push_back(rules::make_type_http_request_validators());
  v.push_back(rules::make_type_rest_jwt_authorizer());
  std::sort(v.begin(), v.end(),
            [](const auto& a, const auto& b) { return a->info().id < b->info().id; });
  return v;
}

}  // namespace

std::span<const std::unique_ptr<Rule>> all_rules() {
  static const std::vector<std::unique_ptr<Rule>> rules = build();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const auto& r : all_rules()) {
    if (r->info().id == id) {
      return r.get();
    }
  }
  return nullptr;
}

std::vector<std::string_view> categories() {
  std::vector<std::string_view> out;
  for (const auto& r : all_rules()) {
    if (std::find(out.begin(), out.end(), r->info().category) == out.end()) {
      out.push_back(r->info().category);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gw::lint
