#include "openapi/xgw.h"

#include <algorithm>
#include <array>
#include <span>

#include "core/base/strings.h"
#include "openapi/xgw_websocket.h"

namespace gw::openapi {
namespace {

/// Reads optional keys of one map, each with its dotted path for errors.
class MapReader {
 public:
  MapReader(const Node& map, std::string path) : map_(map), path_(std::move(path)) {}

  const Node* get(std::string_view key) const { return map_.find(key); }
  std::string path(std::string_view key) const { return path_ + "." + std::string(key); }

  Result<bool> str(std::string_view key, std::string& out) const {
    return read(key, out, [](const Node& n, const std::string& p) -> Result<std::string> {
      if (n.kind == Node::Kind::Number || n.kind == Node::Kind::Bool) {
        return n.text;
      }
      return read_string(n, p);
    });
  }
  template <class T>
  Result<bool> num(std::string_view key, T& out) const {
    return read(key, out, [](const Node& n, const std::string& p) -> Result<T> {
      if constexpr (std::is_integral_v<T>) {
        auto i = read_number(n, p);
        GW_TRY(i);
        if (*i != static_cast<double>(static_cast<long long>(*i))) {
          return type_error(n, p, "integer");
        }
        return static_cast<T>(*i);
      } else {
        return read_number(n, p);
      }
    });
  }
  Result<bool> flag(std::string_view key, bool& out) const { return read(key, out, read_bool); }
  Result<bool> strings(std::string_view key, std::map<std::string, std::string>& out) const {
    return read(key, out, read_string_map);
  }
  Result<bool> list(std::string_view key, std::vector<std::string>& out) const {
    return read(key, out, read_string_list);
  }

 private:
  template <class T, class F>
  Result<bool> read(std::string_view key, T& out, F f) const {
    const Node* n = map_.find(key);
    if (n == nullptr || n->kind == Node::Kind::Null) {
      return false;
    }
    auto v = f(*n, path(key));
    GW_TRY(v);
    out = std::move(*v);
    return true;
  }

  const Node& map_;
  std::string path_;
};

Result<std::optional<model::Throttle>> read_throttle(const Node* n, const std::string& path) {
  if (n == nullptr) {
    return std::nullopt;
  }
  GW_TRY(expect_map(*n, path));
  MapReader r(*n, path);
  model::Throttle t;
  double rate = 0;
  int burst = 0;
  auto a = r.num("rateLimit", rate);
  GW_TRY(a);
  if (*a) {
    t.rate_limit = rate;
  }
  auto b = r.num("burstLimit", burst);
  GW_TRY(b);
  if (*b) {
    t.burst_limit = burst;
  }
  return t;
}

/// An optional key whose value is one of `allowed` (compared upper-cased when `upper`, and
/// stored so); anything else is "<path>: unknown <what> '<value>'" at the value, listing them.
Result<bool> read_one_of(const MapReader& r, std::string_view key,
                         std::span<const std::string_view> allowed, std::string_view what,
                         bool upper, std::string& out) {
  auto present = r.str(key, out);
  GW_TRY(present);
  if (upper) {
    out = to_upper(out);
  }
  if (!*present || std::find(allowed.begin(), allowed.end(), out) != allowed.end()) {
    return *present;
  }
  std::string expected = "expected ";
  for (size_t i = 0; i < allowed.size(); ++i) {
    expected += i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ";
    expected += allowed[i];
  }
  const Node* n = r.get(key);
  return fail(ErrorKind::BadInput,
              r.path(key) + ": unknown " + std::string(what) + " '" + n->text + "'", n->loc,
              expected);
}

/// unauthorizedCacheControlHeaderStrategy, upper-cased; one of API Gateway's three values.
Result<bool> read_cache_control_strategy(const MapReader& r, std::string& out) {
  static constexpr std::array<std::string_view, 3> kStrategies = {
      "FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"};
  return read_one_of(r, "unauthorizedCacheControlHeaderStrategy", kStrategies, "strategy", true,
                     out);
}

Result<model::MethodSetting> read_method_setting(const Node& n, const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::MethodSetting m;
  auto t = read_throttle(r.get("throttling"), r.path("throttling"));
  GW_TRY(t);
  m.throttling = *t;
  bool b = false;
  int i = 0;
  auto ce = r.flag("cachingEnabled", b);
  GW_TRY(ce);
  if (*ce) {
    m.caching_enabled = b;
  }
  auto ttl = r.num("cacheTtlInSeconds", i);
  GW_TRY(ttl);
  if (*ttl) {
    m.cache_ttl_seconds = i;
  }
  auto ra = r.flag("requireAuthorizationForCacheControl", b);
  GW_TRY(ra);
  if (*ra) {
    m.require_authorization_for_cache_control = b;
  }
  GW_TRY(read_cache_control_strategy(r, m.unauthorized_cache_control_header_strategy));
  // Detailed (per-method) metrics: REST's metricsEnabled, HTTP APIs' detailedMetricsEnabled.
  for (const char* key : {"metricsEnabled", "detailedMetricsEnabled"}) {
    auto me = r.flag(key, b);
    GW_TRY(me);
    if (*me) {
      m.metrics_enabled = b;
    }
  }
  // Execution logs (pipeline/execution_log.h): loggingLevel, upper-cased, and dataTraceEnabled.
  static constexpr std::array<std::string_view, 3> kLevels = {"OFF", "ERROR", "INFO"};
  GW_TRY(read_one_of(r, "loggingLevel", kLevels, "loggingLevel", true, m.logging_level));
  auto dt = r.flag("dataTraceEnabled", b);
  GW_TRY(dt);
  if (*dt) {
    m.data_trace_enabled = b;
  }
  return m;
}

/// accessLogSettings {format, destination} (Stage.accessLogSettings), or the older
/// accessLogFormat string; both at once is an error at the second.
Result<bool> read_access_log(Ctx& ctx, const MapReader& r, model::StageConfig& s) {
  const Node* settings = r.get("accessLogSettings");
  const Node* old_format = r.get("accessLogFormat");
  if (settings != nullptr && old_format != nullptr) {
    return fail(ErrorKind::BadInput,
                r.path("accessLogFormat") + ": accessLogFormat and accessLogSettings both given",
                old_format->loc, "keep accessLogSettings: {format, destination}");
  }
  if (old_format != nullptr) {
    GW_TRY(r.str("accessLogFormat", s.access_log_format));
    s.access_log_format_where = old_format->loc;
    return true;
  }
  if (settings == nullptr || settings->kind == Node::Kind::Null) {
    return false;
  }
  GW_TRY(expect_map(*settings, r.path("accessLogSettings")));
  static constexpr std::array<std::string_view, 2> kKeys = {"format", "destination"};
  ctx.warn_unknown_keys(*settings, kKeys, "accessLogSettings key");
  MapReader ar(*settings, r.path("accessLogSettings"));
  GW_TRY(ar.str("format", s.access_log_format));
  GW_TRY(ar.str("destination", s.access_log_destination));
  s.access_log_format_where = ar.get("format") ? ar.get("format")->loc : settings->loc;
  s.access_log_destination_where =
      ar.get("destination") ? ar.get("destination")->loc : s.access_log_format_where;
  if (s.access_log_format.empty()) {
    return fail(ErrorKind::BadInput, ar.path("format") + ": an access log needs a format",
                settings->loc,
                "a $context format such as '$context.requestId $context.status', or a preset: "
                "CLF, JSON, XML or CSV");
  }
  return true;
}

Result<model::StageConfig> read_stage(Ctx& ctx, const std::string& name, const Node& n,
                                      const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::StageConfig s;
  s.name = name;
  s.where = n.loc;
  GW_TRY(r.strings("variables", s.variables));
  auto t = read_throttle(r.get("throttling"), r.path("throttling"));
  GW_TRY(t);
  s.throttling = *t;
  if (const Node* ms = r.get("methodSettings")) {
    GW_TRY(expect_map(*ms, r.path("methodSettings")));
    for (const MapEntry& e : ms->entries) {
      auto m = read_method_setting(e.value, r.path("methodSettings") + "." + e.key);
      GW_TRY(m);
      s.method_settings[e.key] = std::move(*m);
    }
  }
  if (const Node* c = r.get("cache")) {
    GW_TRY(expect_map(*c, r.path("cache")));
    MapReader cr(*c, r.path("cache"));
    GW_TRY(cr.flag("enabled", s.cache_enabled));
    GW_TRY(cr.num("sizeGb", s.cache_size_gb));
  }
  GW_TRY(read_access_log(ctx, r, s));
  GW_TRY(r.flag("tracingEnabled", s.tracing_enabled));
  if (const Node* c = r.get("canary")) {
    GW_TRY(expect_map(*c, r.path("canary")));
    MapReader cr(*c, r.path("canary"));
    model::Canary canary;
    canary.where = c->loc;
    GW_TRY(cr.num("percentTraffic", canary.percent_traffic));
    if (canary.percent_traffic < 0 || canary.percent_traffic > 100) {
      return fail(ErrorKind::BadInput,
                  cr.path("percentTraffic") + ": " + cr.get("percentTraffic")->text +
                      " is out of range",
                  cr.get("percentTraffic")->loc,
                  "expected 0 to 100: the percentage of the stage's requests the canary serves");
    }
    auto id = cr.str("deploymentId", canary.deployment_id);
    GW_TRY(id);
    if (!*id || canary.deployment_id.empty()) {
      return fail(ErrorKind::BadInput, r.path("canary") + ": deploymentId is required", c->loc,
                  "the canary runs a gw deploy snapshot: gw deploy SPEC --stage " + name +
                      " --canary PERCENT makes one (gw stages SPEC lists them)");
    }
    canary.deployment_where = cr.get("deploymentId")->loc;
    GW_TRY(cr.strings("stageVariableOverrides", canary.stage_variable_overrides));
    GW_TRY(cr.flag("useStageCache", canary.use_stage_cache));
    s.canary = std::move(canary);
  }
  return s;
}

/// An integer key that must lie in [lo, hi]; out of range is a positioned error.
Result<bool> read_int_in_range(const MapReader& r, std::string_view key, int lo, int hi, int& out) {
  auto present = r.num(key, out);
  GW_TRY(present);
  if (*present && (out < lo || out > hi)) {
    return fail(ErrorKind::BadInput, r.path(key) + ": " + std::to_string(out) + " is out of range",
                r.get(key)->loc,
                "expected " + std::to_string(lo) + " to " + std::to_string(hi) +
                    " (Lambda's PutFunctionEventInvokeConfig range)");
  }
  return *present;
}

/// A Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])
/// names its function; other ARNs (SQS, SNS, EventBridge, S3) and plain names stay as they are.
std::string destination_target(const std::string& value) {
  static constexpr std::string_view kFunction = ":function:";
  const size_t at = value.find(kFunction);
  if (!value.starts_with("arn:") || value.find(":lambda:") == std::string::npos ||
      at == std::string::npos) {
    return value;
  }
  std::string name = value.substr(at + kFunction.size());
  return name.substr(0, name.find(':'));
}

/// Asynchronous invocation settings: maximumRetryAttempts, maximumEventAgeInSeconds and
/// destinations {onSuccess, onFailure} (Lambda's PutFunctionEventInvokeConfig, camelCased;
/// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html).
Result<bool> read_event_invoke_config(const MapReader& r, model::FunctionConfig& f) {
  GW_TRY(read_int_in_range(r, "maximumRetryAttempts", 0, 2, f.maximum_retry_attempts));
  GW_TRY(read_int_in_range(r, "maximumEventAgeInSeconds", 60, 21600, f.maximum_event_age_seconds));
  const Node* d = r.get("destinations");
  if (d == nullptr || d->kind == Node::Kind::Null) {
    return true;
  }
  GW_TRY(expect_map(*d, r.path("destinations")));
  MapReader dr(*d, r.path("destinations"));
  GW_TRY(dr.str("onSuccess", f.on_success));
  GW_TRY(dr.str("onFailure", f.on_failure));
  f.on_success = destination_target(f.on_success);
  f.on_failure = destination_target(f.on_failure);
  return true;
}

/// Every destination that names a function names one of x-gw.functions (an ARN of another
/// service is accepted as it is); other keys than onSuccess/onFailure are warned about.
Result<bool> check_destinations(Ctx& ctx, const MapReader& r, const model::GwConfig& g) {
  static constexpr std::array<std::string_view, 2> kKeys = {"onSuccess", "onFailure"};
  const Node* fns = r.get("functions");
  if (fns == nullptr || fns->kind != Node::Kind::Mapping) {
    return true;
  }
  std::vector<std::string_view> names;
  for (const auto& [name, fn] : g.functions) {
    names.push_back(name);
  }
  for (const MapEntry& e : fns->entries) {
    const Node* d = e.value.kind == Node::Kind::Mapping ? e.value.find("destinations") : nullptr;
    if (d == nullptr || d->kind != Node::Kind::Mapping) {
      continue;
    }
    ctx.warn_unknown_keys(*d, kKeys, "destination");
    const model::FunctionConfig& fn = g.functions.at(e.key);
    for (auto [key, target] :
         {std::pair{"onSuccess", &fn.on_success}, std::pair{"onFailure", &fn.on_failure}}) {
      const Node* v = d->find(key);
      if (v != nullptr && target->starts_with("arn:")) {  // SQS, SNS, EventBridge, S3
        ctx.warnings.push_back(Warning{
            r.path("functions") + "." + e.key + ".destinations." + key +
                ": gw does not emulate SQS, SNS, EventBridge or S3 destinations: no record is sent",
            v->loc, "name a function of x-gw.functions to receive them locally"});
        continue;
      }
      if (v == nullptr || target->empty() || g.functions.contains(*target)) {
        continue;
      }
      const std::string near = did_you_mean(*target, names);
      return fail(ErrorKind::BadInput,
                  r.path("functions") + "." + e.key + ".destinations." + key + ": no function '" +
                      *target + "' in x-gw.functions",
                  v->loc,
                  near.empty() ? "declare it under x-gw.functions, or give an SQS, SNS or "
                                 "EventBridge ARN"
                               : "did you mean '" + near + "'?");
    }
  }
  return true;
}

Result<model::FunctionConfig> read_function(const std::string& name, const Node& n,
                                            const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::FunctionConfig f;
  f.name = name;
  f.where = n.loc;
  GW_TRY(r.str("runtime", f.runtime));
  GW_TRY(r.str("handler", f.handler));
  GW_TRY(r.str("codeUri", f.code_uri));
  GW_TRY(r.num("timeout", f.timeout_seconds));
  GW_TRY(r.num("memorySize", f.memory_mb));
  GW_TRY(r.num("reservedConcurrency", f.reserved_concurrency));
  GW_TRY(r.num("provisionedConcurrency", f.provisioned_concurrency));
  if (f.reserved_concurrency > 0 && f.provisioned_concurrency > f.reserved_concurrency) {
    // Lambda refuses provisioned concurrency above the function's reserved concurrency.
    return fail(ErrorKind::BadInput,
                r.path("provisionedConcurrency") + ": " +
                    std::to_string(f.provisioned_concurrency) + " is above reservedConcurrency " +
                    std::to_string(f.reserved_concurrency),
                r.get("provisionedConcurrency")->loc, "lower it, or raise reservedConcurrency");
  }
  GW_TRY(r.strings("environment", f.environment));
  GW_TRY(r.str("url", f.url));
  GW_TRY(read_event_invoke_config(r, f));
  return f;
}

Result<model::UsagePlan> read_usage_plan(const std::string& name, const Node& n,
                                         const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::UsagePlan u;
  u.name = name;
  u.where = n.loc;
  auto t = read_throttle(r.get("throttle"), r.path("throttle"));
  GW_TRY(t);
  u.throttle = *t;
  if (const Node* q = r.get("quota")) {
    GW_TRY(expect_map(*q, r.path("quota")));
    MapReader qr(*q, r.path("quota"));
    model::Quota quota;
    GW_TRY(qr.num("limit", quota.limit));
    GW_TRY(qr.num("offset", quota.offset));
    GW_TRY(qr.str("period", quota.period));
    quota.period = to_upper(quota.period);
    u.quota = quota;
  }
  GW_TRY(r.list("stages", u.stages));
  if (const Node* m = r.get("methodThrottles")) {
    GW_TRY(expect_map(*m, r.path("methodThrottles")));
    for (const MapEntry& e : m->entries) {
      auto mt = read_throttle(&e.value, r.path("methodThrottles") + "." + e.key);
      GW_TRY(mt);
      u.method_throttles[e.key] = **mt;
    }
  }
  return u;
}

/// endpointType of a custom domain, upper-cased; absent = EDGE, as on AWS.
Result<bool> read_endpoint_type(const MapReader& r, std::string& out) {
  static constexpr std::array<std::string_view, 3> kTypes = {"EDGE", "REGIONAL", "PRIVATE"};
  return read_one_of(r, "endpointType", kTypes, "endpoint type", true, out);
}

Result<model::Domain> read_domain(const std::string& name, const Node& n, const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::Domain d;
  d.name = name;
  d.where = n.loc;
  GW_TRY(r.str("certificate", d.certificate));
  GW_TRY(r.str("key", d.key));
  GW_TRY(r.str("certificateArn", d.certificate_arn));
  d.certificate_where = r.get("certificate") ? r.get("certificate")->loc : SourceLoc{};
  d.certificate_arn_where = r.get("certificateArn") ? r.get("certificateArn")->loc : SourceLoc{};
  GW_TRY(read_endpoint_type(r, d.endpoint_type));
  static constexpr std::array<std::string_view, 2> kPolicies = {"TLS_1_0", "TLS_1_2"};
  GW_TRY(read_one_of(r, "securityPolicy", kPolicies, "security policy", true, d.security_policy));
  if (const Node* m = r.get("mappings")) {
    GW_TRY(expect_map(*m, r.path("mappings")));
    for (const MapEntry& e : m->entries) {
      std::string p = r.path("mappings") + "." + e.key;
      GW_TRY(expect_map(e.value, p));
      MapReader mr(e.value, p);
      model::DomainMapping dm;
      dm.where = e.value.loc;
      GW_TRY(mr.str("api", dm.api));
      GW_TRY(mr.str("stage", dm.stage));
      d.mappings[e.key] = dm;
    }
  }
  if (const Node* m = r.get("mtls")) {
    GW_TRY(expect_map(*m, r.path("mtls")));
    MapReader mr(*m, r.path("mtls"));
    GW_TRY(mr.str("truststore", d.mtls_truststore));
    d.mtls_where = mr.get("truststore") ? mr.get("truststore")->loc : m->loc;
    if (d.endpoint_type != "REGIONAL") {  // AWS: mutual TLS needs a regional domain name
      return fail(ErrorKind::BadInput,
                  r.path("mtls") + ": mutual TLS needs endpointType REGIONAL (this domain is " +
                      d.endpoint_type + ")",
                  m->loc, "set endpointType: REGIONAL, as API Gateway requires for mTLS");
    }
  }
  return d;
}

/// A domain's API mappings name this spec and one of its stages: gw serves one spec per
/// process, so a mapping to another spec is refused rather than left unserved.
Result<bool> check_domain_mappings(const model::GwConfig& g) {
  for (const auto& [name, d] : g.domains) {
    for (const auto& [base, m] : d.mappings) {
      const std::string at = "x-gw.domains." + name + ".mappings." + base;
      if (!m.api.empty() && m.api != ".") {
        return fail(ErrorKind::BadInput,
                    at + ".api: '" + m.api + "': only '.' (this spec) can be mapped", m.where,
                    "serve that spec with its own gw, or map this spec's stages only");
      }
      if (m.stage.empty()) {
        return fail(ErrorKind::BadInput, at + ": a mapping needs a stage", m.where);
      }
      const bool known = g.stages.empty() ||
                         std::any_of(g.stages.begin(), g.stages.end(),
                                     [&](const model::StageConfig& s) { return s.name == m.stage; });
      if (!known) {
        return fail(ErrorKind::BadInput, at + ".stage: no stage '" + m.stage + "' in x-gw.stages",
                    m.where);
      }
    }
  }
  return true;
}

/// Calls `one(name, node, path)` for each entry of the map under `key`.
template <class F>
Result<bool> each(const MapReader& r, std::string_view key, F one) {
  const Node* n = r.get(key);
  if (n == nullptr || n->kind == Node::Kind::Null) {
    return true;
  }
  GW_TRY(expect_map(*n, r.path(key)));
  for (const MapEntry& e : n->entries) {
    if (e.value.kind == Node::Kind::Null) {  // "dev:" with nothing after it: all defaults
      Node empty;
      empty.kind = Node::Kind::Mapping;
      empty.loc = e.value.loc;
      GW_TRY(one(e.key, empty, r.path(key) + "." + e.key));
      continue;
    }
    GW_TRY(one(e.key, e.value, r.path(key) + "." + e.key));
  }
  return true;
}

/// Stores each parsed entry into `out[name]`.
template <class T, class F>
auto into(std::map<std::string, T>& out, F parse) {
  return [&out, parse](const std::string& name, const Node& n,
                       const std::string& path) -> Result<bool> {
    auto v = parse(name, n, path);
    GW_TRY(v);
    out[name] = std::move(*v);
    return true;
  };
}

Result<model::ApiKey> read_api_key(const std::string& name, const Node& n,
                                   const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::ApiKey k;
  k.name = name;
  k.where = n.loc;
  GW_TRY(r.str("value", k.value));
  GW_TRY(r.flag("enabled", k.enabled));
  GW_TRY(r.list("usagePlans", k.usage_plans));
  return k;
}

// cognito: {identityId, identityPoolId, authenticationType, authenticationProvider, roleName}.
Result<std::optional<model::CognitoCaller>> read_cognito_caller(const MapReader& r) {
  const Node* n = r.get("cognito");
  if (n == nullptr) {
    return std::nullopt;
  }
  const std::string path = r.path("cognito");
  GW_TRY(expect_map(*n, path));
  MapReader c(*n, path);
  model::CognitoCaller out;
  GW_TRY(c.str("identityId", out.identity_id));
  GW_TRY(c.str("identityPoolId", out.identity_pool_id));
  static constexpr std::array<std::string_view, 2> kTypes = {"authenticated",
                                                            "unauthenticated"};
  GW_TRY(read_one_of(c, "authenticationType", kTypes, "type", false, out.authentication_type));
  GW_TRY(c.str("authenticationProvider", out.authentication_provider));
  GW_TRY(c.str("roleName", out.role_name));
  if (out.identity_id.empty() || out.identity_pool_id.empty()) {
    return fail(ErrorKind::BadInput, path + ": identityId and identityPoolId are required", n->loc,
                "the ids Amazon Cognito gave the identity and its pool, e.g. "
                "us-east-1:0b4f2d1c-...");
  }
  const bool authenticated = out.authentication_type == "authenticated";
  if (out.role_name.empty()) {  // the role names the Cognito console creates, for a pool "gw"
    out.role_name = authenticated ? "Cognito_gwAuth_Role" : "Cognito_gwUnauth_Role";
  }
  return out;
}

Result<model::Identity> read_identity(const std::string& name, const Node& n,
                                      const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::Identity i;
  i.name = name;
  i.where = n.loc;
  GW_TRY(r.str("accessKeyId", i.access_key_id));
  GW_TRY(r.str("secretAccessKey", i.secret_access_key));
  GW_TRY(r.str("sessionToken", i.session_token));
  GW_TRY(r.list("allow", i.allow));
  auto cognito = read_cognito_caller(r);
  GW_TRY(cognito);
  i.cognito = std::move(*cognito);
  return i;
}

Result<model::UserPool> read_user_pool(const std::string& name, const Node& n,
                                       const std::string& path) {
  GW_TRY(expect_map(n, path));
  MapReader r(n, path);
  model::UserPool u;
  u.name = name;
  u.where = n.loc;
  GW_TRY(r.str("issuer", u.issuer));
  GW_TRY(r.str("jwks", u.jwks));
  GW_TRY(r.list("audience", u.audience));
  return u;
}

constexpr std::array<std::string_view, 14> kGwKeys = {
    "apiType",   "stages",   "functions",   "usagePlans", "apiKeys", "identities",
    "userPools", "vpcLinks", "awsServices", "runtimes",   "domains", "accountThrottling",
    "routeSelectionExpression", "routes"};

}  // namespace

Result<model::GwConfig> read_gw_config(Ctx& ctx, const Node& block) {
  model::GwConfig g;
  g.where = block.loc;
  if (block.kind == Node::Kind::Null) {
    return g;
  }
  GW_TRY(expect_map(block, "x-gw"));
  ctx.warn_unknown_keys(block, kGwKeys, "x-gw key");
  MapReader r(block, "x-gw");
  GW_TRY(r.str("apiType", g.api_type));
  if (!g.api_type.empty()) {
    std::string t = to_upper(g.api_type);
    if (t != "REST" && t != "HTTP" && t != "WEBSOCKET") {
      return fail(ErrorKind::BadInput, "x-gw.apiType: unknown API type '" + g.api_type + "'",
                  r.get("apiType")->loc, "expected REST, HTTP or WEBSOCKET");
    }
    g.api_type = t;
  }
  auto add_stage = [&](const std::string& name, const Node& n,
                       const std::string& path) -> Result<bool> {
    auto s = read_stage(ctx, name, n, path);
    GW_TRY(s);
    if (const Node* c = n.kind == Node::Kind::Mapping ? n.find("canary") : nullptr) {
      static constexpr std::array<std::string_view, 4> kCanaryKeys = {
          "percentTraffic", "deploymentId", "stageVariableOverrides", "useStageCache"};
      ctx.warn_unknown_keys(*c, kCanaryKeys, "canary setting");
    }
    g.stages.push_back(std::move(*s));
    return true;
  };
  GW_TRY(each(r, "stages", add_stage));
  GW_TRY(each(r, "functions", into(g.functions, read_function)));
  GW_TRY(check_destinations(ctx, r, g));
  GW_TRY(each(r, "usagePlans", into(g.usage_plans, read_usage_plan)));
  GW_TRY(each(r, "apiKeys", into(g.api_keys, read_api_key)));
  GW_TRY(each(r, "identities", into(g.identities, read_identity)));
  GW_TRY(each(r, "userPools", into(g.user_pools, read_user_pool)));
  GW_TRY(each(r, "domains", into(g.domains, read_domain)));
  GW_TRY(check_domain_mappings(g));
  auto account = read_throttle(r.get("accountThrottling"), r.path("accountThrottling"));
  GW_TRY(account);
  g.account_throttle = std::move(*account);
  GW_TRY(read_websocket_routes(ctx, block, g));
  GW_TRY(r.strings("vpcLinks", g.vpc_links));
  GW_TRY(r.strings("runtimes", g.runtimes));
  if (const Node* a = r.get("awsServices")) {
    GW_TRY(expect_map(*a, "x-gw.awsServices"));
    MapReader services(*a, "x-gw.awsServices");
    GW_TRY(services.str("endpoint", g.aws_services_endpoint));
    GW_TRY(services.str("accessKeyId", g.aws_services_access_key_id));
    GW_TRY(services.str("secretAccessKey", g.aws_services_secret_access_key));
    GW_TRY(services.str("sessionToken", g.aws_services_session_token));
  }
  return g;
}

}  // namespace gw::openapi
