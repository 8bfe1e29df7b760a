#include "cli/route_table.h"

#include <algorithm>

#include "cli/term.h"
#include "core/base/http.h"
#include "core/base/strings.h"

namespace gw::cli {
namespace {

// The authorizer-ish names a security requirement list names (API-key schemes excluded:
// they show in the API KEY column).
std::vector<std::string> auth_names(const model::Api& api, const model::Operation& op) {
  std::vector<std::string> names;
  const auto& security = op.security ? op.security : api.security;
  if (security) {
    for (const auto& requirement : *security) {
      for (const auto& [scheme, scopes] : requirement) {
        const auto it = api.authorizers.find(scheme);
        std::string name = scheme;
        if (it != api.authorizers.end()) {
          const model::Authorizer& a = it->second;
          if (a.type.empty() && iequals(a.auth_type, "awsSigv4")) {
            name = "AWS_IAM";
          } else if (a.type.empty() && a.scheme_type == "apiKey") {
            continue;
          }
        }
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          names.push_back(name);
        }
      }
    }
  }
  if (iequals(op.auth_type, "AWS_IAM") &&
      std::find(names.begin(), names.end(), "AWS_IAM") == names.end()) {
    names.insert(names.begin(), "AWS_IAM");
  }
  return names;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) {
      out += sep;
    }
    out += p;
  }
  return out;
}

void fill_integration(const model::Operation& op, RouteRow& row) {
  if (!op.integration) {
    row.integration_type = "NONE";
    return;
  }
  const model::Integration& in = *op.integration;
  row.integration_type = to_upper(model::to_string(in.type));
  if (in.type == model::IntegrationType::Mock) {
    row.integration_target = "mock";
  } else if (iequals(in.connection_type, "VPC_LINK")) {
    row.integration_target = "vpc-link " + in.connection_id;
  } else {
    row.integration_target = in.uri.empty() ? in.integration_subtype : in.uri;
  }
}

/// A Lambda invocation URI as "lambda:NAME[:ALIAS]" for people; anything else as it is.
std::string short_target(const std::string& target) {
  static constexpr std::string_view kFunctions = ":lambda:path/2015-03-31/functions/";
  size_t at = target.find(kFunctions);
  if (at == std::string::npos) {
    return target;
  }
  std::string fn = target.substr(at + kFunctions.size());
  if (fn.ends_with("/invocations")) {
    fn.resize(fn.size() - std::string_view("/invocations").size());
  }
  if (size_t name = fn.find(":function:"); name != std::string::npos) {
    fn = fn.substr(name + std::string_view(":function:").size());
  }
  return "lambda:" + fn;
}

}  // namespace

std::vector<RouteRow> route_rows(const model::Api& api) {
  std::vector<RouteRow> rows;
  rows.reserve(api.operations.size());
  for (const auto& op : api.operations) {
    RouteRow row;
    const bool key_route = !op.route_key.empty() && op.route_key.front() == '$';
    row.method = key_route ? (op.method.empty() ? "*" : op.method) : op.method;
    row.path = key_route || op.path.empty() ? op.route_key : op.path;
    fill_integration(op, row);
    const auto names = auth_names(api, op);
    row.authorization = names.empty() ? "NONE" : join(names, ",");
    row.api_key_required = op.api_key_required;
    row.operation_id = op.operation_id;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_route_table(const std::vector<RouteRow>& rows, const std::string& indent,
                               bool colour) {
  size_t w_method = 6, w_path = 4, w_integration = 11, w_auth = 4;
  std::vector<std::string> integrations;
  for (const auto& r : rows) {
    std::string in = r.integration_type;
    if (!r.integration_target.empty() && r.integration_target != "mock") {
      in += " " + short_target(r.integration_target);
    }
    w_method = std::max(w_method, r.method.size());
    w_path = std::max(w_path, r.path.size());
    w_integration = std::max(w_integration, in.size());
    w_auth = std::max(w_auth, r.authorization.size());
    integrations.push_back(std::move(in));
  }
  std::string out = indent +
                    paint(pad("METHOD", w_method) + "  " + pad("PATH", w_path) + "  " +
                              pad("INTEGRATION", w_integration) + "  " + pad("AUTH", w_auth) +
                              "  API KEY",
                          Colour::Bold, colour) +
                    "\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const RouteRow& r = rows[i];
    out += indent + paint(pad(r.method, w_method), Colour::Cyan, colour) + "  " +
           pad(r.path, w_path) + "  " + pad(integrations[i], w_integration) + "  " +
           pad(r.authorization, w_auth) + "  " + (r.api_key_required ? "yes" : "no") + "\n";
  }
  return out;
}

}  // namespace gw::cli
