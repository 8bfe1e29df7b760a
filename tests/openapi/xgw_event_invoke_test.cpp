// x-gw.functions asynchronous invocation settings: Lambda's PutFunctionEventInvokeConfig
// (maximumRetryAttempts 0..2, maximumEventAgeInSeconds 60..21600, destinations).
#include <doctest/doctest.h>

#include "openapi/loader.h"

namespace gw::openapi {
namespace {

Error load_error(std::string_view text) {
  Result<Loaded> r = load_string(text, "/virtual/spec.yaml");
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

TEST_SUITE("gw::openapi::xgw event invoke config") {
  TEST_CASE("defaults are Lambda's: two retries, six hours, no destinations") {
    Result<Loaded> r = load_string(
        "openapi: 3.0.1\nx-gw:\n  functions:\n    f: {runtime: python3.12, handler: a.h}\n",
        "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::FunctionConfig& f = r->api->gw.functions.at("f");
    CHECK(f.maximum_retry_attempts == 2);
    CHECK(f.maximum_event_age_seconds == 21600);
    CHECK(f.on_success.empty());
    CHECK(f.on_failure.empty());
  }

  TEST_CASE("settings and destinations are read; a Lambda ARN names its function") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
x-gw:
  functions:
    worker:
      runtime: python3.12
      handler: a.h
      maximumRetryAttempts: 0
      maximumEventAgeInSeconds: 60
      destinations:
        onSuccess: "arn:aws:lambda:us-east-1:123456789012:function:audit:$LATEST"
        onFailure: arn:aws:sqs:us-east-1:123456789012:dlq
    audit: {runtime: python3.12, handler: a.h}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    const model::FunctionConfig& f = r->api->gw.functions.at("worker");
    CHECK(f.maximum_retry_attempts == 0);
    CHECK(f.maximum_event_age_seconds == 60);
    CHECK(f.on_success == "audit");
    CHECK(f.on_failure == "arn:aws:sqs:us-east-1:123456789012:dlq");  // kept; not emulated
    REQUIRE(r->warnings.size() == 1);  // said at load, not only when an event runs
    CHECK(r->warnings[0].message ==
          "x-gw.functions.worker.destinations.onFailure: gw does not emulate SQS, SNS, "
          "EventBridge or S3 destinations: no record is sent");
    CHECK(r->warnings[0].where.str() == "/virtual/spec.yaml:11:20");
  }

  TEST_CASE("out-of-range values are positioned errors with the range as a hint") {
    Error e = load_error(
        "openapi: 3.0.1\nx-gw:\n  functions:\n    f: {runtime: python3.12, "
        "maximumRetryAttempts: 3}\n");
    CHECK(e.message == "x-gw.functions.f.maximumRetryAttempts: 3 is out of range");
    CHECK(e.where.str() == "/virtual/spec.yaml:4:52");
    CHECK(e.hint == "expected 0 to 2 (Lambda's PutFunctionEventInvokeConfig range)");
    e = load_error(
        "openapi: 3.0.1\nx-gw:\n  functions:\n    f:\n      maximumEventAgeInSeconds: 59\n");
    CHECK(e.message == "x-gw.functions.f.maximumEventAgeInSeconds: 59 is out of range");
    CHECK(e.where.str() == "/virtual/spec.yaml:5:33");
    CHECK(e.hint == "expected 60 to 21600 (Lambda's PutFunctionEventInvokeConfig range)");
    e = load_error(
        "openapi: 3.0.1\nx-gw:\n  functions:\n    f: {maximumEventAgeInSeconds: 21601}\n");
    CHECK(e.message == "x-gw.functions.f.maximumEventAgeInSeconds: 21601 is out of range");
  }

  TEST_CASE("an unknown destination key (SAM's capitalised OnFailure) is warned about") {
    Result<Loaded> r = load_string(R"yaml(openapi: 3.0.1
x-gw:
  functions:
    audit: {runtime: python3.12, handler: a.h}
    worker: {runtime: python3.12, destinations: {OnFailure: audit}}
)yaml",
                                   "/virtual/spec.yaml");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().str()));
    CHECK(r->api->gw.functions.at("worker").on_failure.empty());
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].message == "unknown destination 'OnFailure'");
    CHECK(r->warnings[0].where.str() == "/virtual/spec.yaml:5:50");
    CHECK(r->warnings[0].hint == "did you mean 'onFailure'?");
  }

  TEST_CASE("a destination naming no function is a positioned error with did-you-mean") {
    Error e = load_error(R"yaml(openapi: 3.0.1
x-gw:
  functions:
    audit: {runtime: python3.12, handler: a.h}
    worker:
      runtime: python3.12
      destinations: {onFailure: audti}
)yaml");
    CHECK(e.message ==
          "x-gw.functions.worker.destinations.onFailure: no function 'audti' in x-gw.functions");
    CHECK(e.where.str() == "/virtual/spec.yaml:7:33");
    CHECK(e.hint == "did you mean 'audit'?");
    e = load_error(R"yaml(openapi: 3.0.1
x-gw:
  functions:
    worker: {destinations: {onSuccess: "arn:aws:lambda:us-east-1:1:function:nothing"}}
)yaml");
    CHECK(e.message ==
          "x-gw.functions.worker.destinations.onSuccess: no function 'nothing' in x-gw.functions");
    CHECK(e.hint == "declare it under x-gw.functions, or give an SQS, SNS or EventBridge ARN");
  }
}

}  // namespace gw::openapi
