#include "core/pipeline/execution_log.h"

#include <algorithm>
#include <cmath>

#include "core/base/strings.h"
#include "core/limits/plans.h"
#include "core/pipeline/exchange.h"

namespace gw::pipeline {
namespace {

// {Name=value, Name2=value2}: how API Gateway's execution log prints maps (headers too).
template <class Pairs>
std::string pairs_text(const Pairs& pairs) {
  std::string out = "{";
  for (const auto& [name, value] : pairs) {
    out += (out.size() > 1 ? ", " : "") + name + "=" + value;
  }
  return out + "}";
}

// The query string as a map: "a=1&b=2" -> {a=1, b=2}, values as sent.
std::string query_text(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    const size_t eq = part.find('=');
    if (!part.empty()) {
      pairs.emplace_back(std::string(part.substr(0, eq)),
                         eq == part.npos ? std::string() : std::string(part.substr(eq + 1)));
    }
    query = amp == query.npos ? std::string_view() : query.substr(amp + 1);
  }
  return pairs_text(pairs);
}

// An API key as AWS logs it: all but its last four characters masked.
std::string masked(std::string_view key) {
  if (key.size() <= 4) {
    return std::string(key.size(), '*');
  }
  return std::string(key.size() - 4, '*') + std::string(key.substr(key.size() - 4));
}

std::string lambda_uri(const IntegrationCall& call) {
  return "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:"
         "123456789012:function:" +
         call.target + "/invocations";
}

}  // namespace

ExecutionLogs::ExecutionLogs(const model::Api& api) : first_op_(api.operations.data()) {
  if (api.type != model::ApiType::Rest) {
    return;  // execution logs are REST's (and WebSocket's) on AWS; HTTP APIs have none
  }
  for (const model::StageConfig& stage : api.gw.stages) {
    std::vector<Setting> per_op(api.operations.size());
    for (size_t i = 0; i < api.operations.size(); ++i) {
      const model::Operation& op = api.operations[i];
      const model::MethodSetting* level = limits::find_method_setting(
          stage, op, true, [](const model::MethodSetting& m) { return !m.logging_level.empty(); });
      const model::MethodSetting* data = limits::find_method_setting(
          stage, op, true,
          [](const model::MethodSetting& m) { return m.data_trace_enabled.has_value(); });
      Setting& s = per_op[i];
      if (level != nullptr) {
        s.level = level->logging_level == "INFO"    ? Level::Info
                  : level->logging_level == "ERROR" ? Level::Error
                                                    : Level::Off;
      }
      s.data = data != nullptr && *data->data_trace_enabled;
      any_ = any_ || s.level != Level::Off;
    }
    by_stage_.emplace_back(stage.name, std::move(per_op));
  }
}

ExecutionLogs::Setting ExecutionLogs::setting_for(const Exchange& ex) const {
  if (!any_ || !ex.route || ex.route->op == nullptr) {
    return {};
  }
  const size_t index = static_cast<size_t>(ex.route->op - first_op_);
  for (const auto& [name, per_op] : by_stage_) {
    if (name == ex.stage_name && index < per_op.size()) {
      return per_op[index];
    }
  }
  return {};
}

std::vector<std::string> ExecutionLogs::render(const Exchange& ex,
                                               const std::vector<IntegrationCall>& calls) const {
  const Setting s = setting_for(ex);
  const int status = ex.response.status;
  const bool failed = status >= 500 || !ex.context.error_response_type.empty();
  if (s.level == Level::Off || (s.level == Level::Error && !failed)) {
    return {};
  }
  const std::string& id = ex.context.request_id;
  std::vector<std::string> out;
  auto line = [&](std::string text) { out.push_back("(" + id + ") " + std::move(text)); };
  const bool info = s.level == Level::Info;
  const model::Operation& op = *ex.route->op;

  if (info) {
    line("Extended Request Id: " + ex.context.extended_request_id);
    if (op.api_key_required) {
      const std::string stage = ex.shared.api_id + "/" + ex.stage_name;
      line("Verifying Usage Plan for request: " + id +
           ". API Key: " + masked(ex.context.identity.api_key) + " API Stage: " + stage);
      if (ex.context.identity.api_key_id.empty()) {
        line("API Key " + masked(ex.context.identity.api_key) + " not authorized because method '" +
             op.method + " " + op.path + "' requires API Key and API Key is not valid");
      } else if (ex.context.error_response_type != "THROTTLED" &&
                 ex.context.error_response_type != "QUOTA_EXCEEDED") {
        line("Usage Plan check succeeded for API Key " + masked(ex.context.identity.api_key) +
             " and API Stage " + stage);
      }
    }
  }
  size_t first_call = 0;
  if (ex.authorizer_run.ran) {
    if (info) {
      line("Starting authorizer: " + std::string(ex.authorizer_run.name) + " for request: " + id);
    }
    if (ex.authorizer_run.kind == "lambda" && !calls.empty() && calls[0].kind == "lambda") {
      const IntegrationCall& auth = calls[0];
      first_call = 1;
      if (info && !auth.cached) {
        line("Endpoint request URI: " + lambda_uri(auth));
        if (s.data) {
          line("Endpoint request body after transformations: " + auth.request.body);
        }
        line("Sending request to " + lambda_uri(auth));
        line("Authorizer result body before parsing: " + auth.response.body);
      }
    }
    if (ex.authorizer_run.status == 200) {
      if (info) {
        line("Successfully completed authorizer execution");
      }
    } else if (ex.authorizer_run.status >= 500) {
      line("Execution failed due to configuration error: Authorizer error");
    } else {
      line("Unauthorized request: " + id);
    }
  }
  if (info) {
    line("Starting execution for request: " + id);
    line("HTTP Method: " + ex.request.method + ", Resource Path: " + std::string(ex.path_in_stage));
    if (s.data) {
      line("Method request path: " + pairs_text(ex.route->path_params));
      line("Method request query string: " + query_text(ex.request.query));
      line("Method request headers: " + pairs_text(ex.request.headers));
      line("Method request body before transformations: " + ex.request.body);
    }
  }
  bool call_failed = false;
  for (size_t i = first_call; i < calls.size(); ++i) {
    const IntegrationCall& call = calls[i];
    const std::string uri = call.kind == "lambda" ? lambda_uri(call) : call.request.url;
    if (info) {
      line("Endpoint request URI: " + uri);
      if (s.data) {
        line("Endpoint request headers: " + pairs_text(call.request.headers));
        line("Endpoint request body after transformations: " + call.request.body);
      }
      line("Sending request to " + uri);
    }
    if (call.status == 0) {
      call_failed = true;
      line(call.error_kind == ErrorKind::Timeout
               ? std::string("Execution failed due to a timeout error")
               : "Execution failed due to a network error: " + call.error);
      continue;
    }
    if (info) {
      line("Received response. Status: " + std::to_string(call.status) + ", Integration latency: " +
           std::to_string(static_cast<long long>(std::llround(call.latency_ms))) + " ms");
      if (s.data) {
        line("Endpoint response headers: " + pairs_text(call.response.headers));
        line("Endpoint response body before transformations: " + call.response.body);
      }
    }
  }
  if (status >= 500 && !ex.reason.empty()) {
    line("Execution failed due to configuration error: " + ex.reason);
  } else if (status >= 500 && !ex.integration_error.empty() && !call_failed) {
    line("Execution failed due to configuration error: " + ex.integration_error);
  } else if (!ex.context.error_response_type.empty() && !ex.authorizer_run.ran) {
    line("Gateway response type: " + ex.context.error_response_type +
         " with status code: " + std::to_string(status));
  }
  if (info && !failed) {
    if (s.data) {
      line("Method response body after transformations: " + ex.response.body);
      line("Method response headers: " + pairs_text(ex.response.headers));
    }
    line("Successfully completed execution");
  }
  line("Method completed with status: " + std::to_string(status));
  return out;
}

}  // namespace gw::pipeline
