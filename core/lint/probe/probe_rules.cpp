// The `gw lint --probe` rules: they read what the Prober found (Input::probe) and report at the
// operation's x-amazon-apigateway-integration. Without --probe they report nothing.

#include "core/lint/probe/probe.h"
#include "core/lint/rules/util.h"

namespace gw::lint {
namespace {

constexpr RuleInfo kShapeInfo{
    "proxy-probe-response-shape", "proxy", Severity::Error,
    "--probe: a Lambda proxy function answers something that is not a proxy response",
    R"doc(With a Lambda proxy integration API Gateway reads the function's answer as
{statusCode, headers, multiValueHeaders, body, isBase64Encoded} (REST: exactly these keys,
body a string). Anything else -- a bare object, a dict body, an unknown key, a statusCode
that is not a status -- makes a REST API answer 502 {"message": "Internal server error"}
(an HTTP API with payload 1.0 answers 500). HTTP APIs with payload 2.0 take a bare value as
a 200 JSON body, so the same function passes there.

Bad:
  def handler(event, context):
      return {"id": 1, "name": "rex"}
Good:
  def handler(event, context):
      return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
              "body": json.dumps({"id": 1, "name": "rex"})}

Runs only with `gw lint --probe`: each local function (x-gw.functions) is invoked once per
Lambda proxy operation with a synthetic event; authorizers are bypassed.)doc"};

constexpr RuleInfo kErrorInfo{
    "proxy-probe-function-error", "proxy", Severity::Error,
    "--probe: a Lambda proxy function raises, crashes, times out or cannot start",
    R"doc(A function that raises, exits, times out or cannot even start (a missing handler
file or module, an import error) makes API Gateway answer 502 {"message": "Internal server
error"} on REST (500 on HTTP APIs; 504 when the integration timeout passes first). The probe
sends a realistic but synthetic event: a handler that needs a query string or a body field it
does not get fails here too -- read the error, then guard the input or return a 4xx.

Bad:
  def handler(event, context):
      name = event["queryStringParameters"]["name"]    # TypeError without a query string
Good:
  def handler(event, context):
      name = (event.get("queryStringParameters") or {}).get("name", "world")
      return {"statusCode": 200, "body": name}

Runs only with `gw lint --probe`: each local function (x-gw.functions) is invoked once per
Lambda proxy operation with a synthetic event; authorizers are bypassed.)doc"};

constexpr RuleInfo kCorsInfo{
    "proxy-probe-cors-allow-origin", "proxy", Severity::Warning,
    "--probe: a REST Lambda proxy function behind CORS answers without "
    "Access-Control-Allow-Origin",
    R"doc(A REST API that is called cross-origin (it has an OPTIONS preflight or maps
Access-Control-Allow-Origin somewhere) answers the preflight itself, but a proxy integration
passes the function's own headers through untouched: when the function forgets
Access-Control-Allow-Origin the browser rejects every real answer while curl works. HTTP APIs
with a cors configuration add the header themselves (no finding there).

Bad:
  def handler(event, context):
      return {"statusCode": 200, "body": "{}"}
Good:
  def handler(event, context):
      return {"statusCode": 200, "body": "{}",
              "headers": {"Access-Control-Allow-Origin": "https://app.example.com"}}

Runs only with `gw lint --probe`: each local function (x-gw.functions) is invoked once per
Lambda proxy operation with a synthetic event (Origin: http://localhost:3000); authorizers
are bypassed.)doc"};

/// What the client gets for a failed call (facts 14-17, 34, 65).
std::string gateway_answer(const model::Api& api, const ProbeResult& r) {
  const bool http = api.type == model::ApiType::Http;
  if (r.outcome == ProbeResult::Outcome::Timeout) {
    if (!r.integration_timeout) {
      return "gw lint stopped waiting; API Gateway gives up after the integration timeout";
    }
    return http ? "API Gateway answers 503 {\"message\":\"Service Unavailable\"}"
                : "API Gateway answers 504 {\"message\": \"Endpoint request timed out\"}";
  }
  if (!http) {
    return "API Gateway answers 502 {\"message\": \"Internal server error\"}";
  }
  return std::string("API Gateway answers 500 {\"message\":\"Internal Server Error\"}") +
         (r.payload_version == "1.0" ? " (payload 1.0)" : "");
}

std::string shortened(std::string_view s, size_t n = 80) {
  std::string out(s.substr(0, n));
  for (char& c : out) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return s.size() > n ? out + "..." : out;
}

class ProbeRule : public Rule {
 public:
  explicit ProbeRule(const RuleInfo& info) : info_(info) {}
  const RuleInfo& info() const override { return info_; }
  void check(const Input& in, Sink& out) const override {
    if (in.probe == nullptr) {
      return;  // without --probe nothing is invoked
    }
    for (const ProbeResult& r : in.probe->results(in)) {
      const model::Operation& op = in.api->operations[r.op_index];
      if (auto message = judge(*in.api, r)) {
        out.report(op, op.integration->where,
                   op.method + " " + op.path + ": function '" + r.function + "' " + *message);
      }
    }
  }

 protected:
  virtual std::optional<std::string> judge(const model::Api& api, const ProbeResult& r) const = 0;

 private:
  const RuleInfo& info_;
};

class ResponseShape final : public ProbeRule {
 public:
  ResponseShape() : ProbeRule(kShapeInfo) {}
  std::optional<std::string> judge(const model::Api& api, const ProbeResult& r) const override {
    if (r.outcome != ProbeResult::Outcome::BadShape) {
      return std::nullopt;
    }
    return "answered " + shortened(r.payload) + ": " + r.detail + "; " + gateway_answer(api, r);
  }
};

class FunctionError final : public ProbeRule {
 public:
  FunctionError() : ProbeRule(kErrorInfo) {}
  std::optional<std::string> judge(const model::Api& api, const ProbeResult& r) const override {
    using Outcome = ProbeResult::Outcome;
    if (r.outcome == Outcome::Ok || r.outcome == Outcome::BadShape) {
      return std::nullopt;
    }
    std::string event;
    if (r.outcome != Outcome::CannotStart) {
      event = std::string(" on a synthetic ") +
              (api.type == model::ApiType::Http ? "HTTP API " : "") + "payload " +
              r.payload_version + " event";
    }
    return r.detail + event + "; " + gateway_answer(api, r);
  }
};

class CorsAllowOrigin final : public ProbeRule {
 public:
  CorsAllowOrigin() : ProbeRule(kCorsInfo) {}
  std::optional<std::string> judge(const model::Api& api, const ProbeResult& r) const override {
    if (r.outcome != ProbeResult::Outcome::Ok || !rules::rest_cors_in_use(api) ||
        r.response.headers.has("Access-Control-Allow-Origin")) {
      return std::nullopt;
    }
    return "answered without Access-Control-Allow-Origin, but this REST API is called "
           "cross-origin (it has CORS preflights) and a proxy integration passes the function's "
           "headers through as they are: browsers will reject the answer; return "
           "\"headers\": {\"Access-Control-Allow-Origin\": \"<your origin>\"}";
  }
};

}  // namespace

std::unique_ptr<Rule> make_proxy_probe_cors_allow_origin() {
  return std::make_unique<CorsAllowOrigin>();
}
std::unique_ptr<Rule> make_proxy_probe_function_error() {
  return std::make_unique<FunctionError>();
}
std::unique_ptr<Rule> make_proxy_probe_response_shape() {
  return std::make_unique<ResponseShape>();
}

}  // namespace gw::lint
