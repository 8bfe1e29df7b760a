#include "core/auth/policy.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/base/http.h"
#include "core/base/strings.h"

namespace gw::auth {

namespace {

using nlohmann::json;

// A string or a list of strings, as IAM allows for Action, Resource, condition values.
std::vector<std::string> string_list(const json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const json& item : v) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      } else if (item.is_number() || item.is_boolean()) {
        out.push_back(item.dump());
      }
    }
  } else if (v.is_number() || v.is_boolean()) {
    out.push_back(v.dump());
  }
  return out;
}

std::vector<std::string> principals_of(const json& p) {
  if (p.is_string()) {
    return {p.get<std::string>()};
  }
  std::vector<std::string> out;
  if (p.is_object()) {
    for (const auto& [kind, v] : p.items()) {
      for (std::string& s : string_list(v)) {
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

Result<Statement> parse_statement(const json& s, std::string_view prefix) {
  if (!s.is_object()) {
    return fail(ErrorKind::BadInput, "policy statement is not an object");
  }
  Statement st;
  std::string effect = s.value("Effect", "");
  if (effect != "Allow" && effect != "Deny") {
    return fail(ErrorKind::BadInput, "policy statement Effect must be Allow or Deny");
  }
  st.allow = effect == "Allow";
  st.not_action = !s.contains("Action") && s.contains("NotAction");
  st.actions = string_list(s.value(st.not_action ? "NotAction" : "Action", json()));
  st.not_resource = !s.contains("Resource") && s.contains("NotResource");
  st.resources = string_list(s.value(st.not_resource ? "NotResource" : "Resource", json()));
  if (st.resources.empty() && !st.not_resource) {
    return fail(ErrorKind::BadInput, "policy statement has no Resource");
  }
  for (std::string& r : st.resources) {
    if (!prefix.empty() && r.starts_with("execute-api:/")) {
      r = std::string(prefix) + r.substr(12);
    }
  }
  if (s.contains("Principal")) {
    st.principals = principals_of(s["Principal"]);
  }
  if (s.contains("Condition") && s["Condition"].is_object()) {
    for (const auto& [op, body] : s["Condition"].items()) {
      if (!body.is_object()) {
        continue;
      }
      for (const auto& [key, values] : body.items()) {
        st.conditions.push_back({op, key, string_list(values)});
      }
    }
  }
  return st;
}

bool any_match(const std::vector<std::string>& patterns, std::string_view text, bool icase) {
  for (const std::string& p : patterns) {
    if (wildcard_match(p, text, icase)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string_view> key_value(const PolicyRequest& r, std::string_view key) {
  if (iequals(key, "aws:SourceIp")) {
    return r.source_ip;
  }
  if (iequals(key, "aws:PrincipalArn") && !r.principal_arn.empty()) {
    return r.principal_arn;
  }
  for (const auto& [k, v] : r.keys) {
    if (iequals(k, key)) {
      return v;
    }
  }
  return std::nullopt;
}

bool condition_holds(const Condition& c, const PolicyRequest& r) {
  std::string_view op = c.op;
  bool if_exists = op.ends_with("IfExists");
  if (if_exists) {
    op.remove_suffix(8);
  }
  std::optional<std::string_view> value = key_value(r, c.key);
  if (!value) {
    return if_exists || op.starts_with("Not") || op == "StringNotEquals";
  }
  auto any = [&](auto pred) {
    for (const std::string& v : c.values) {
      if (pred(v)) {
        return true;
      }
    }
    return false;
  };
  if (op == "IpAddress") {
    return any([&](const std::string& v) { return ip_in_cidr(*value, v); });
  }
  if (op == "NotIpAddress") {
    return !any([&](const std::string& v) { return ip_in_cidr(*value, v); });
  }
  if (op == "StringEquals") {
    return any([&](const std::string& v) { return v == *value; });
  }
  if (op == "StringNotEquals") {
    return !any([&](const std::string& v) { return v == *value; });
  }
  if (op == "StringEqualsIgnoreCase") {
    return any([&](const std::string& v) { return iequals(v, *value); });
  }
  if (op == "StringLike") {
    return any([&](const std::string& v) { return wildcard_match(v, *value); });
  }
  if (op == "StringNotLike") {
    return !any([&](const std::string& v) { return wildcard_match(v, *value); });
  }
  return false;  // an operator gw does not know never holds
}

bool principal_matches(const Statement& st, const PolicyRequest& r) {
  if (st.principals.empty()) {
    return true;  // identity policies (Lambda authorizers) have no Principal
  }
  for (const std::string& p : st.principals) {
    if (p == "*" || (!r.principal_arn.empty() && wildcard_match(p, r.principal_arn))) {
      return true;
    }
    // An account id or account root ARN names every principal of that account.
    if (!r.principal_arn.empty()) {
      std::string_view arn = r.principal_arn;
      std::string account = p.starts_with("arn:aws:iam::") ? p.substr(13, p.find(':', 13) - 13) : p;
      if (arn.find(":" + account + ":") != std::string_view::npos && !account.empty() &&
          (p == account || p.ends_with(":root"))) {
        return true;
      }
    }
  }
  return false;
}

bool applies(const Statement& st, const PolicyRequest& r) {
  if (any_match(st.actions, r.action, true) == st.not_action) {
    return false;
  }
  if (any_match(st.resources, r.resource, false) == st.not_resource) {
    return false;
  }
  if (!principal_matches(st, r)) {
    return false;
  }
  for (const Condition& c : st.conditions) {
    if (!condition_holds(c, r)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<Policy> parse_policy(std::string_view text, std::string_view api_arn_prefix) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail(ErrorKind::BadInput, "policy document is not a JSON object");
  }
  Policy policy;
  const json& st = doc.contains("Statement") ? doc["Statement"] : json();
  if (!st.is_object() && !st.is_array()) {
    return fail(ErrorKind::BadInput, "policy document has no Statement");
  }
  for (const json& s : st.is_array() ? st : json::array({st})) {
    auto parsed = parse_statement(s, api_arn_prefix);
    if (!parsed) {
      return std::unexpected(parsed.error());
    }
    policy.statements.push_back(std::move(*parsed));
  }
  return policy;
}

Decision evaluate(const Policy& policy, const PolicyRequest& request) {
  bool allowed = false;
  for (const Statement& st : policy.statements) {
    if (applies(st, request)) {
      if (!st.allow) {
        return Decision::Deny;
      }
      allowed = true;
    }
  }
  return allowed ? Decision::Allow : Decision::NotCovered;
}

bool wildcard_match(std::string_view pattern, std::string_view text, bool icase) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t mark = 0;
  auto eq = [icase](char a, char b) {
    return icase ? std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b))
                 : a == b;
  };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

bool ip_in_cidr(std::string_view ip, std::string_view cidr) {
  std::string net(cidr.substr(0, cidr.find('/')));
  std::string addr(ip);
  bool v6 = net.find(':') != std::string::npos;
  if (v6 != (addr.find(':') != std::string::npos)) {
    return false;
  }
  std::array<unsigned char, 16> a{};
  std::array<unsigned char, 16> n{};
  int family = v6 ? AF_INET6 : AF_INET;
  if (inet_pton(family, addr.c_str(), a.data()) != 1 ||
      inet_pton(family, net.c_str(), n.data()) != 1) {
    return false;
  }
  int max_bits = v6 ? 128 : 32;
  int bits = max_bits;
  if (size_t slash = cidr.find('/'); slash != std::string_view::npos) {
    std::string b(cidr.substr(slash + 1));
    if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    bits = std::stoi(b);
    if (bits > max_bits) {
      return false;
    }
  }
  for (int i = 0; i < bits; ++i) {
    int mask = 0x80 >> (i % 8);
    if ((a[static_cast<size_t>(i / 8)] & mask) != (n[static_cast<size_t>(i / 8)] & mask)) {
      return false;
    }
  }
  return true;
}

std::string method_arn(std::string_view region, std::string_view account, std::string_view api_id,
                       std::string_view stage, std::string_view method, std::string_view path) {
  std::string out = "arn:aws:execute-api:";
  out.append(region).append(":").append(account).append(":").append(api_id).append("/");
  out.append(stage).append("/").append(method).append(path.empty() ? "/" : path);
  return out;
}

}  // namespace gw::auth
