#include "core/pipeline/body_size.h"

#include <string>

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

Flow BodySize::on_request(Exchange& ex) const {
  if (ex.request.body_too_large) {
    ex.trace("body-size: the server refused a body over 10485760 bytes while reading it");
    return ex.respond(GatewayResponseType::RequestTooLarge);
  }
  if (ex.request.body.size() <= kMaxPayloadBytes) {
    return Flow::Continue;
  }
  ex.trace("body-size: ", std::to_string(ex.request.body.size()), " bytes > 10485760");
  return ex.respond(GatewayResponseType::RequestTooLarge);
}

}  // namespace gw::pipeline
