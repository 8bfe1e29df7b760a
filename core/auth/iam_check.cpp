#include "core/auth/iam_check.h"

#include <chrono>
#include <ctime>

#include "core/auth/resource_policy.h"
#include "core/auth/sigv4.h"
#include "core/base/crypto.h"
#include "core/pipeline/exchange.h"

namespace gw::auth {

namespace {

using pipeline::Exchange;
using pipeline::GatewayResponseType;

constexpr long long kSkewSeconds = 300;

std::string amz_date_of(long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Verdict answer(Exchange& ex, GatewayResponseType type, std::string message,
               std::string_view error_type = {}) {
  ex.trace("authorizer: iam: ", message);
  ex.respond(type, std::move(message));
  if (!error_type.empty() && ex.api.type != model::ApiType::Http) {
    ex.response.headers.set("x-amzn-ErrorType", std::string(error_type));
  }
  Verdict v;
  v.responded = true;
  return v;
}

Policy policy_of(const model::Identity& id) {
  Policy p;
  Statement st;
  st.allow = true;
  for (const std::string& a : id.allow) {
    if (a.starts_with("arn:")) {
      st.resources.push_back(a);
    } else {
      st.actions.push_back(a);
    }
  }
  if (st.actions.empty()) {
    st.actions.push_back("execute-api:Invoke");
  }
  if (st.resources.empty()) {
    st.resources.push_back("*");
  }
  if (!id.allow.empty()) {
    p.statements.push_back(std::move(st));
  }
  return p;
}

std::optional<std::string> time_problem(const SigV4Auth& a, long long now) {
  std::optional<long long> t = parse_amz_date(a.amz_date);
  if (!t) {
    return "Date must be in ISO-8601 'basic format'. Got '" + a.amz_date +
           "'. See "
           "http://en.wikipedia.org/wiki/ISO_8601";
  }
  if (a.presigned) {
    if (now > *t + a.expires_seconds) {
      return "Signature expired: " + a.amz_date + " is now earlier than " +
             amz_date_of(now - a.expires_seconds) + " (" + amz_date_of(now) + " - " +
             std::to_string(a.expires_seconds) + " sec.)";
    }
  } else if (*t < now - kSkewSeconds) {
    return "Signature expired: " + a.amz_date + " is now earlier than " +
           amz_date_of(now - kSkewSeconds) + " (" + amz_date_of(now) + " - 5 min.)";
  }
  if (*t > now + kSkewSeconds) {
    return "Signature not yet current: " + a.amz_date + " is still later than " +
           amz_date_of(now + kSkewSeconds) + " (" + amz_date_of(now) + " + 5 min.)";
  }
  return std::nullopt;
}

// Credentials an identity pool vended: the caller is the pool's role, assumed for the identity
// (user "<role id>:CognitoIdentityCredentials"), and $context.identity.cognito* describe the
// identity (AWS-doc api-gateway-mapping-template-reference.md: "available only if the request
// was signed with Amazon Cognito credentials").
void fill_cognito_identity(pipeline::ContextIdentity& i, const model::CognitoCaller& c,
                           const std::string& key_suffix, const std::string& account) {
  i.caller = "AROA" + key_suffix + ":CognitoIdentityCredentials";
  i.user = i.caller;
  i.user_arn =
      "arn:aws:sts::" + account + ":assumed-role/" + c.role_name + "/CognitoIdentityCredentials";
  i.cognito_identity_id = c.identity_id;
  i.cognito_identity_pool_id = c.identity_pool_id;
  i.cognito_authentication_type = c.authentication_type;
  i.cognito_authentication_provider = c.authentication_provider;
}

void fill_identity(Exchange& ex, const model::Identity& id) {
  pipeline::ContextIdentity& i = ex.context.identity;
  i.access_key = id.access_key_id;
  i.account_id = ex.context.account_id;
  const std::string suffix =
      id.access_key_id.size() > 4 ? id.access_key_id.substr(4) : id.access_key_id;
  if (id.cognito) {
    fill_cognito_identity(i, *id.cognito, suffix, ex.context.account_id);
  } else {
    i.caller = "AIDA" + suffix;
    i.user = i.caller;
    i.user_arn = "arn:aws:iam::" + ex.context.account_id + ":user/" + id.name;
  }
  ex.context.authorizer.kind = "iam";
}

}  // namespace

IamCheck::IamCheck(const model::Api& api) {
  for (const auto& [name, id] : api.gw.identities) {
    callers_.push_back({&id, policy_of(id)});
  }
}

const IamCheck::Caller* IamCheck::find(std::string_view access_key) const {
  for (const Caller& c : callers_) {
    if (c.identity->access_key_id == access_key) {
      return &c;
    }
  }
  return nullptr;
}

Verdict IamCheck::run(Exchange& ex) const {
  auto parsed = parse_sigv4(ex.request);
  if (!parsed) {
    if (parsed.error().missing) {
      return answer(ex, GatewayResponseType::MissingAuthenticationToken, "");
    }
    return answer(ex, GatewayResponseType::InvalidSignature, parsed.error().message,
                  "IncompleteSignatureException");
  }
  const SigV4Auth& a = *parsed;
  const Caller* caller = find(a.access_key);
  const std::string kBadToken = "The security token included in the request is invalid.";
  if (caller == nullptr || a.security_token != caller->identity->session_token) {
    return answer(ex, GatewayResponseType::InvalidSignature, kBadToken,
                  "UnrecognizedClientException");
  }
  if (a.service != "execute-api") {
    return answer(ex, GatewayResponseType::InvalidSignature,
                  "Credential should be scoped to correct service: 'execute-api'. ",
                  "InvalidSignatureException");
  }
  long long now =
      std::chrono::duration_cast<std::chrono::seconds>(ex.shared.clock->now().time_since_epoch())
          .count();
  if (auto problem = time_problem(a, now)) {
    return answer(ex, GatewayResponseType::InvalidSignature, *problem, "InvalidSignatureException");
  }
  if (auto claimed = ex.request.headers.get("X-Amz-Content-Sha256");
      claimed && *claimed != "UNSIGNED-PAYLOAD" &&
      *claimed != crypto::to_hex(crypto::sha256(ex.request.body))) {
    return answer(ex, GatewayResponseType::InvalidSignature,
                  "The provided 'x-amz-content-sha256' header does not match what was computed.",
                  "InvalidSignatureException");
  }
  std::string canonical = canonical_request(ex.request, a);
  std::string sts = string_to_sign(a, canonical);
  std::string expected = sigv4_signature(caller->identity->secret_access_key, a, sts);
  if (!crypto::constant_time_equal(expected, a.signature)) {
    return answer(ex, GatewayResponseType::InvalidSignature,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult the "
                  "service documentation for details.\n\nThe Canonical String for this request "
                  "should have been\n'" +
                      canonical +
                      "'\n\nThe String-to-Sign should have "
                      "been\n'" +
                      sts + "'\n",
                  "InvalidSignatureException");
  }
  fill_identity(ex, *caller->identity);
  Verdict v;
  v.principal = ex.context.identity.user_arn;
  std::string arn = request_arn(ex);
  PolicyRequest req;
  req.resource = arn;
  req.source_ip = ex.context.source_ip;
  v.decision = evaluate(caller->policy, req);
  ex.trace("authorizer: iam: ", caller->identity->name, " signed; policy ",
           v.decision == Decision::Allow ? "allows " : "does not allow ", arn);
  return v;
}

}  // namespace gw::auth
