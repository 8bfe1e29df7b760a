#include <doctest/doctest.h>

#include "openapi/loader.h"

namespace gw::openapi {
namespace {

constexpr std::string_view kSpec = R"yaml(openapi: 3.0.1
info: {title: g, version: "1"}
paths: {}
x-gw:
  apiType: rest
  functions:
    HelloFn: {runtime: python3.13, handler: app.handler, codeUri: ./src, timeout: 3,
              memorySize: 256, environment: {TABLE: t}}
    Remote: {url: "http://127.0.0.1:9001"}
  stages:
    prod:
      variables: {lambdaAlias: prod}
      throttling: {rateLimit: 100.5, burstLimit: 200}
      methodSettings: {"/events/GET": {cachingEnabled: true, cacheTtlInSeconds: 60,
                                       unauthorizedCacheControlHeaderStrategy: fail_with_403,
                                       throttling: {rateLimit: 5}}}
      cache: {enabled: true, sizeGb: 1.6}
      accessLogFormat: '$context.requestId $context.status'
      canary: {percentTraffic: 10, deploymentId: dep456, stageVariableOverrides: {a: b}}
    dev:
  usagePlans:
    free:
      throttle: {rateLimit: 5, burstLimit: 10}
      quota: {limit: 1000, period: day}
      stages: [prod]
      methodThrottles: {"/pets/GET": {rateLimit: 1, burstLimit: 2}}
  apiKeys: {partner-a: {value: abcdefghijklmnopqrstu, usagePlans: [free], enabled: false}}
  identities: {ci-bot: {accessKeyId: AKIA1, secretAccessKey: s3cr3t, allow: ["execute-api:Invoke"]}}
  userPools: {main: {issuer: "https://issuer", jwks: ./jwks.json, audience: [a]}}
  vpcLinks: {abc123: "http://127.0.0.1:8081"}
  awsServices: {endpoint: "http://127.0.0.1:4566"}
  runtimes: {python3.13: /usr/bin/python3}
  domains:
    api.example.test:
      endpointType: REGIONAL
      certificate: c.pem
      key: k.pem
      mappings: {orders: {api: ., stage: prod}}
      mtls: {truststore: t.pem}
)yaml";

Error bad(std::string_view text) {
  Result<Loaded> r = load_string(text, "/virtual/spec.yaml");
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

TEST_SUITE("gw::openapi::xgw") {
  TEST_CASE("the whole x-gw block") {
    Result<Loaded> r = load_string(kSpec, "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::GwConfig& g = r->api->gw;
    CHECK(g.api_type == "REST");
    CHECK(r->api->type_reason == "x-gw.apiType");
    const model::FunctionConfig& f = g.functions.at("HelloFn");
    CHECK(f.runtime == "python3.13");
    CHECK(f.handler == "app.handler");
    CHECK(f.code_uri == "./src");
    CHECK(f.memory_mb == 256);
    CHECK(f.environment.at("TABLE") == "t");
    CHECK(g.functions.at("Remote").url == "http://127.0.0.1:9001");
    REQUIRE(g.stages.size() == 2);
    const model::StageConfig& prod = g.stages[0];
    CHECK(prod.name == "prod");
    CHECK(prod.variables.at("lambdaAlias") == "prod");
    CHECK(prod.throttling->rate_limit == 100.5);
    CHECK(prod.throttling->burst_limit == 200);
    const model::MethodSetting& ms = prod.method_settings.at("/events/GET");
    CHECK(ms.caching_enabled == true);
    CHECK(ms.cache_ttl_seconds == 60);
    CHECK(ms.unauthorized_cache_control_header_strategy == "FAIL_WITH_403");  // upper-cased
    CHECK(ms.throttling->rate_limit == 5);
    CHECK_FALSE(ms.throttling->burst_limit.has_value());
    CHECK(prod.cache_enabled);
    CHECK(prod.cache_size_gb == 1.6);
    CHECK(prod.access_log_format == "$context.requestId $context.status");
    CHECK(prod.canary->percent_traffic == 10);
    CHECK(prod.canary->stage_variable_overrides.at("a") == "b");
    CHECK(g.stages[1].name == "dev");
    const model::UsagePlan& plan = g.usage_plans.at("free");
    CHECK(plan.quota->limit == 1000);
    CHECK(plan.quota->period == "DAY");
    CHECK(plan.stages == std::vector<std::string>{"prod"});
    CHECK(plan.method_throttles.at("/pets/GET").burst_limit == 2);
    CHECK_FALSE(g.api_keys.at("partner-a").enabled);
    CHECK(g.api_keys.at("partner-a").usage_plans == std::vector<std::string>{"free"});
    CHECK(g.identities.at("ci-bot").secret_access_key == "s3cr3t");
    CHECK(g.user_pools.at("main").jwks == "./jwks.json");
    CHECK(g.vpc_links.at("abc123") == "http://127.0.0.1:8081");
    CHECK(g.aws_services_endpoint == "http://127.0.0.1:4566");
    CHECK(g.runtimes.at("python3.13") == "/usr/bin/python3");
    const model::Domain& d = g.domains.at("api.example.test");
    CHECK(d.mappings.at("orders").stage == "prod");
    CHECK(d.mtls_truststore == "t.pem");
    CHECK(g.where.line == 5);
  }

  TEST_CASE("wrong types name the path and the position") {
    Error e =
        bad("openapi: 3.0.1\nx-gw:\n  stages:\n    prod:\n      throttling: {rateLimit: x}\n");
    CHECK(e.message == "x-gw.stages.prod.throttling.rateLimit: expected a number, got string");
    CHECK(e.where.str() == "/virtual/spec.yaml:5:31");
    CHECK(bad("openapi: 3.0.1\nx-gw: {usagePlans: {p: {quota: {limit: 1.5}}}}\n").message ==
          "x-gw.usagePlans.p.quota.limit: expected an integer, got number");
    CHECK(bad("openapi: 3.0.1\nx-gw: {stages: []}\n").message ==
          "x-gw.stages: expected a map, got list");
    CHECK(bad("openapi: 3.0.1\nx-gw: {apiType: soap}\n").message ==
          "x-gw.apiType: unknown API type 'soap'");
    Error strategy = bad(
        "openapi: 3.0.1\nx-gw: {stages: {p: {methodSettings: {'*/*': "
        "{unauthorizedCacheControlHeaderStrategy: fail}}}}}\n");
    CHECK(strategy.message ==
          "x-gw.stages.p.methodSettings.*/*.unauthorizedCacheControlHeaderStrategy: unknown "
          "strategy 'fail'");
  }

  TEST_CASE("canary: percentTraffic within 0..100 and a deploymentId, positioned") {
    // canarySettings.percentTraffic is "the percent (0-100) of traffic diverted to a canary
    // deployment" (AWS::ApiGateway::Stage CanarySetting).
    Error high = bad("openapi: 3.0.1\nx-gw:\n  stages:\n    prod:\n      canary: "
                     "{percentTraffic: 100.5, deploymentId: d1}\n");
    CHECK(high.message == "x-gw.stages.prod.canary.percentTraffic: 100.5 is out of range");
    CHECK(high.where.str() == "/virtual/spec.yaml:5:32");
    CHECK(bad("openapi: 3.0.1\nx-gw: {stages: {prod: {canary: {percentTraffic: -1, "
              "deploymentId: d1}}}}\n")
              .message == "x-gw.stages.prod.canary.percentTraffic: -1 is out of range");
    Error missing = bad("openapi: 3.0.1\nx-gw: {stages: {prod: {canary: {percentTraffic: 5}}}}\n");
    CHECK(missing.message == "x-gw.stages.prod.canary: deploymentId is required");
    auto ok = load_string(
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\nx-gw:\n  stages:\n    "
        "prod:\n      canary: {percentTraffic: 100, deploymentId: d1, useStageCache: true}\n",
        "/virtual/spec.yaml");
    REQUIRE(ok);
    const auto& c = *ok->api->gw.stages[0].canary;
    CHECK(c.percent_traffic == 100);
    CHECK(c.use_stage_cache);
    CHECK(c.deployment_where.str() == "/virtual/spec.yaml:7:51");
  }

  TEST_CASE("provisionedConcurrency: read, and refused above reservedConcurrency (as Lambda)") {
    Result<Loaded> r = load_string(
        "openapi: 3.0.1\nx-gw:\n  functions:\n    f: {runtime: python3.12, handler: a.h, "
        "provisionedConcurrency: 2}\n",
        "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->gw.functions.at("f").provisioned_concurrency == 2);
    Error e =
        bad("openapi: 3.0.1\nx-gw:\n  functions:\n    f: {reservedConcurrency: 1, "
            "provisionedConcurrency: 3}\n");
    CHECK(e.message == "x-gw.functions.f.provisionedConcurrency: 3 is above reservedConcurrency 1");
    CHECK(e.where.str() == "/virtual/spec.yaml:4:57");  // the value 3
  }

  TEST_CASE("identities: a Cognito identity behind the credentials, its defaults and errors") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
x-gw:
  identities:
    app-user:
      accessKeyId: ASIAAPP
      secretAccessKey: s
      cognito: {identityId: "us-east-1:id-1", identityPoolId: "us-east-1:pool-1",
                authenticationProvider: "cognito-idp.us-east-1.amazonaws.com/us-east-1_X"}
    guest:
      accessKeyId: ASIAGUEST
      secretAccessKey: s
      cognito: {identityId: "us-east-1:id-2", identityPoolId: "us-east-1:pool-1",
                authenticationType: unauthenticated}
    ci-bot: {accessKeyId: AKIA1, secretAccessKey: s}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const auto& ids = r->api->gw.identities;
    REQUIRE(ids.at("app-user").cognito.has_value());
    CHECK(ids.at("app-user").cognito->identity_id == "us-east-1:id-1");
    CHECK(ids.at("app-user").cognito->authentication_type == "authenticated");
    CHECK(ids.at("app-user").cognito->role_name == "Cognito_gwAuth_Role");
    CHECK(ids.at("guest").cognito->role_name == "Cognito_gwUnauth_Role");
    CHECK(ids.at("guest").cognito->authentication_provider.empty());
    CHECK_FALSE(ids.at("ci-bot").cognito.has_value());

    Error missing = bad(
        "openapi: 3.0.1\nx-gw:\n  identities:\n    u: {cognito: {identityId: a}}\n");
    CHECK(missing.message ==
          "x-gw.identities.u.cognito: identityId and identityPoolId are required");
    CHECK(missing.where.str() == "/virtual/spec.yaml:4:18");  // the cognito map
    Error type = bad(
        "openapi: 3.0.1\nx-gw:\n  identities:\n    u: {cognito: {identityId: a, "
        "identityPoolId: b, authenticationType: admin}}\n");
    CHECK(type.message ==
          "x-gw.identities.u.cognito.authenticationType: unknown type 'admin'");
    CHECK(type.where.str() == "/virtual/spec.yaml:4:73");  // the value admin
  }

  TEST_CASE("domains: endpoint type (default EDGE) and certificate ARN with their positions") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
x-gw:
  domains:
    edge.example.com:
      certificateArn: arn:aws:acm:eu-west-1:1:certificate/a
    regional.example.com: {endpointType: regional, certificate: c.pem}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::Domain& edge = r->api->gw.domains.at("edge.example.com");
    CHECK(edge.endpoint_type == "EDGE");
    CHECK(edge.certificate_arn == "arn:aws:acm:eu-west-1:1:certificate/a");
    CHECK(edge.certificate_arn_where.str() == "/virtual/spec.yaml:5:23");
    CHECK_FALSE(edge.certificate_where.known());
    const model::Domain& regional = r->api->gw.domains.at("regional.example.com");
    CHECK(regional.endpoint_type == "REGIONAL");
    CHECK(regional.certificate == "c.pem");
    CHECK(regional.certificate_where.str() == "/virtual/spec.yaml:6:65");
    CHECK(bad("openapi: 3.0.1\nx-gw: {domains: {d: {endpointType: global}}}\n").message ==
          "x-gw.domains.d.endpointType: unknown endpoint type 'global'");
    CHECK(regional.security_policy == "TLS_1_2");  // AWS's default for new domains
    // AWS, "rest-api-mutual-tls": "To enable mutual TLS ... a Regional custom domain name".
    CHECK(bad("openapi: 3.0.1\nx-gw: {domains: {d: {mtls: {truststore: t.pem}}}}\n").message ==
          "x-gw.domains.d.mtls: mutual TLS needs endpointType REGIONAL (this domain is EDGE)");
    CHECK(bad("openapi: 3.0.1\nx-gw: {domains: {d: {securityPolicy: TLS_1_1}}}\n").message ==
          "x-gw.domains.d.securityPolicy: unknown security policy 'TLS_1_1'");
  }

  TEST_CASE("domains: mappings name this spec and a declared stage, at their position") {
    const Error other = bad(R"yaml(openapi: 3.0.1
x-gw:
  stages: {prod: {}}
  domains:
    d.test:
      mappings:
        orders: {api: other.yaml, stage: prod}
)yaml");
    CHECK(other.message == "x-gw.domains.d.test.mappings.orders.api: 'other.yaml': only '.' "
                           "(this spec) can be mapped");
    CHECK(other.where.str() == "/virtual/spec.yaml:7:17");
    CHECK(bad("openapi: 3.0.1\nx-gw: {stages: {prod: {}}, domains: {d: {mappings: {o: {stage: "
              "dev}}}}}\n")
              .message == "x-gw.domains.d.mappings.o.stage: no stage 'dev' in x-gw.stages");
    CHECK(bad("openapi: 3.0.1\nx-gw: {domains: {d: {mappings: {o: {api: .}}}}}\n").message ==
          "x-gw.domains.d.mappings.o: a mapping needs a stage");
  }

  TEST_CASE("a config file (with or without the x-gw key) wins over the spec's block") {
    LoadOptions opts;
    opts.config_path = GW_SOURCE_DIR "/fixtures/specs/gw-config.yaml";
    Result<Loaded> r = load_string(kSpec, "/virtual/spec.yaml", opts);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->type == model::ApiType::Http);
    CHECK(r->api->gw.stages.size() == 1);
    CHECK(r->api->gw.stages[0].variables.at("backend") == "127.0.0.1:9000");
    CHECK(r->api->gw.functions.at("Hello").handler == "app.handler");
    CHECK(r->files == std::vector<std::string>{opts.config_path});
    opts.config_path = "/nonexistent/gw.yaml";
    Result<Loaded> missing = load_string(kSpec, "/virtual/spec.yaml", opts);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().kind == ErrorKind::Environment);
  }

  TEST_CASE("API type: x-gw.apiType, else inferred") {
    auto type_of = [](std::string_view text) {
      Result<Loaded> r = load_string(text, "/virtual/spec.yaml");
      REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
      return std::pair(r->api->type, r->api->type_reason);
    };
    CHECK(type_of("openapi: 3.0.1\n").first == model::ApiType::Rest);
    CHECK(type_of("openapi: 3.0.1\nx-gw: {apiType: WebSocket}\n").first ==
          model::ApiType::WebSocket);
    auto ws = type_of(
        "openapi: 3.0.1\nx-amazon-apigateway-route-selection-expression: $request.body.action\n"
        "paths: {/$connect: {x-amazon-apigateway-any-method: {}}}\n");
    CHECK(ws.first == model::ApiType::WebSocket);
    CHECK(ws.second == "inferred: x-amazon-apigateway-route-selection-expression");
    auto cors = type_of("openapi: 3.0.1\nx-amazon-apigateway-cors: {allowOrigins: ['*']}\n");
    CHECK(cors.first == model::ApiType::Http);
    CHECK(cors.second == "inferred: x-amazon-apigateway-cors");
    Result<Loaded> r = load_string(
        "openapi: 3.0.1\nx-amazon-apigateway-route-selection-expression: $request.body.action\n"
        "paths: {/$connect: {x-amazon-apigateway-any-method: {}}}\n",
        "/virtual/spec.yaml");
    CHECK(r->api->operations[0].route_key == "$connect");
  }

  TEST_CASE("accessLogSettings: format and destination, at the format's position") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      accessLogSettings:
        format: JSON
        destination: logs/prod.log
    dev:
      accessLogFormat: '$context.requestId'
    qa:
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->warnings.empty());
    const auto& stages = r->api->gw.stages;
    REQUIRE(stages.size() == 3);
    CHECK(stages[0].access_log_format == "JSON");
    CHECK(stages[0].access_log_destination == "logs/prod.log");
    CHECK(stages[0].access_log_format_where.line == 7);
    CHECK(stages[0].access_log_format_where.column == 17);
    CHECK(stages[1].access_log_format == "$context.requestId");  // the older key, kept
    CHECK(stages[1].access_log_destination.empty());            // = stdout
    CHECK(stages[1].access_log_format_where.line == 10);
    CHECK(stages[2].access_log_format.empty());
  }

  TEST_CASE("accessLogSettings: both keys, a missing format, unknown keys") {
    Error both = bad(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      accessLogSettings: {format: CLF}
      accessLogFormat: CSV
)yaml");
    CHECK(both.str() ==
          "/virtual/spec.yaml:7:24: x-gw.stages.prod.accessLogFormat: accessLogFormat and "
          "accessLogSettings both given");
    Error none = bad(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      accessLogSettings: {destination: stderr}
)yaml");
    CHECK(none.message ==
          "x-gw.stages.prod.accessLogSettings.format: an access log needs a format");
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      accessLogSettings: {format: CLF, destinaton: stderr}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].message == "unknown accessLogSettings key 'destinaton'");
    CHECK(r->warnings[0].hint == "did you mean 'destination'?");
    CHECK(r->warnings[0].where.line == 6);
  }

  TEST_CASE("loggingLevel (upper-cased), dataTraceEnabled and metricsEnabled: read, served") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      methodSettings:
        "*/*":
          loggingLevel: info
          dataTraceEnabled: true
          metricsEnabled: true
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::MethodSetting& m = r->api->gw.stages[0].method_settings.at("*/*");
    CHECK(m.logging_level == "INFO");
    CHECK(m.data_trace_enabled == true);
    CHECK(m.metrics_enabled == true);
    CHECK(r->warnings.empty());
  }

  TEST_CASE("an unknown loggingLevel is an error at its value") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      methodSettings:
        "*/*": {loggingLevel: DEBUG}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().str() ==
          "/virtual/spec.yaml:7:31: x-gw.stages.prod.methodSettings.*/*.loggingLevel: unknown "
          "loggingLevel 'DEBUG'");
    CHECK(r.error().hint == "expected OFF, ERROR or INFO");
  }

  TEST_CASE("detailedMetricsEnabled (HTTP APIs' name) is metricsEnabled") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
paths: {}
x-gw:
  stages:
    prod:
      methodSettings:
        "GET /pets":
          detailedMetricsEnabled: true
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->gw.stages[0].method_settings.at("GET /pets").metrics_enabled == true);
    CHECK(r->warnings.empty());
  }
}

}  // namespace
}  // namespace gw::openapi
