#include "core/pipeline/method_response.h"

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

void MethodResponse::on_response(Exchange& ex) const {
  Headers& h = ex.response.headers;
  if (http_api_) {
    h.set("apigw-requestid", ex.context.extended_request_id);
  } else {
    h.set("x-amzn-RequestId", ex.context.request_id);
    h.set("x-amz-apigw-id", ex.context.extended_request_id);
    if (!h.has("Content-Type")) {
      h.add("Content-Type", "application/json");
    }
  }
  h.set("Date", format_http_date(ex.shared.clock->now()));
}

}  // namespace gw::pipeline
