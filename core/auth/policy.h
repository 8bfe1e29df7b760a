#pragma once

/// IAM policy documents as API Gateway evaluates them for `execute-api:Invoke`: the policies
/// Lambda authorizers return and `x-amazon-apigateway-policy` resource policies.
///
/// Emulates: Allow/Deny statements, Action/NotAction and Resource/NotResource with `*` and `?`
/// wildcards, an explicit Deny beating any Allow, a policy that does not cover the request being
/// an implicit deny (fact 52); resource policies' `execute-api:/stage/METHOD/path` shorthand,
/// Principal `*` / `{"AWS": ...}`, conditions IpAddress / NotIpAddress on aws:SourceIp (IPv4 and
/// IPv6 CIDRs), StringEquals / StringNotEquals / StringLike on request keys.
/// Differences: condition operators other than those listed make a statement not apply (as a
/// condition that never matches); IfExists suffixes are honoured, ForAnyValue/ForAllValues not.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw::auth {

enum class Decision { Allow, Deny, NotCovered };

struct Condition {
  std::string op;   ///< "IpAddress", "StringEquals", ...
  std::string key;  ///< "aws:SourceIp"
  std::vector<std::string> values;
};

struct Statement {
  bool allow = false;
  std::vector<std::string> actions;
  bool not_action = false;
  std::vector<std::string> resources;
  bool not_resource = false;
  std::vector<std::string> principals;  ///< "*" or ARNs / account ids; empty = no Principal key
  std::vector<Condition> conditions;
};

struct Policy {
  std::vector<Statement> statements;
};

/// The request a policy is evaluated for.
struct PolicyRequest {
  std::string_view action = "execute-api:Invoke";
  std::string_view resource;       ///< the method ARN
  std::string_view source_ip;      ///< aws:SourceIp
  std::string_view principal_arn;  ///< "" = anonymous
  /// Other condition keys (aws:SourceVpce, aws:Referer, ...): name -> value.
  std::vector<std::pair<std::string, std::string>> keys;
};

/// Parses a policy document (Statement as an object or a list). api_arn_prefix, when set,
/// expands resource policies' "execute-api:/..." to "<prefix>/...".
Result<Policy> parse_policy(std::string_view json, std::string_view api_arn_prefix = {});

/// Explicit Deny wins, then any Allow, else NotCovered.
Decision evaluate(const Policy& policy, const PolicyRequest& request);

/// IAM wildcard match: '*' any run, '?' one character. Case-sensitive unless icase.
bool wildcard_match(std::string_view pattern, std::string_view text, bool icase = false);

/// True when ip (IPv4 or IPv6 text) lies in cidr ("10.0.0.0/8", "::1/128", or a bare address).
bool ip_in_cidr(std::string_view ip, std::string_view cidr);

/// "arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}{path}" (path starts with /).
std::string method_arn(std::string_view region, std::string_view account, std::string_view api_id,
                       std::string_view stage, std::string_view method, std::string_view path);

/// The region gw reports in ARNs.
inline constexpr std::string_view kRegion = "us-east-1";

}  // namespace gw::auth
