#pragma once

/// Recording as a decorator on the backend clients (DESIGN.md §2): each wraps the real client,
/// passes every call through unchanged and appends what was sent and answered to the request's
/// CallScope (recorded_call.h). The Gateway wraps the clients of its GatewayDeps in these, so
/// no backend records (or can forget to record) its own calls: `--trace`, `gw serve --record`
/// and `gw replay --update` all read the same list.

#include "core/base/clock.h"
#include "core/integrations/aws_sink.h"
#include "core/integrations/http_client.h"
#include "core/integrations/recorded_call.h"
#include "core/lambda/invoker.h"

namespace gw::integrations {

class RecordingHttpClient final : public HttpClient {
 public:
  RecordingHttpClient(HttpClient& inner, Clock& clock) : inner_(inner), clock_(clock) {}
  Result<Response> send(const HttpCall& call) override;

 private:
  HttpClient& inner_;
  Clock& clock_;
};

class RecordingLambdaInvoker final : public lambda::LambdaInvoker {
 public:
  RecordingLambdaInvoker(lambda::LambdaInvoker& inner, Clock& clock)
      : inner_(inner), clock_(clock) {}
  Result<lambda::InvokeOutput> invoke(const lambda::Invocation& invocation) override;
  Result<lambda::InvokeOutput> invoke_event(const lambda::Invocation& invocation) override;
  bool results_reusable() const override { return inner_.results_reusable(); }
  void answered_from_cache(const lambda::Invocation& invocation,
                           const lambda::InvokeOutput& output) override;

 private:
  Result<lambda::InvokeOutput> timed(const lambda::Invocation& invocation, bool event);

  lambda::LambdaInvoker& inner_;
  Clock& clock_;
};

class RecordingAwsServices final : public AwsServices {
 public:
  explicit RecordingAwsServices(AwsServices& inner) : inner_(inner) {}
  Result<Response> call(AwsCall call) override;

 private:
  AwsServices& inner_;
};

/// The recorded form of a Lambda invocation and its outcome (shared with replay's tests).
IntegrationCall lambda_call_record(const lambda::Invocation& invocation,
                                   const Result<lambda::InvokeOutput>& out, double ms);

}  // namespace gw::integrations
