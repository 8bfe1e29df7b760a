#include "core/model/api.h"

namespace gw::model {

std::string_view to_string(ApiType t) {
  switch (t) {
    case ApiType::Rest: return "REST";
    case ApiType::Http: return "HTTP";
    case ApiType::WebSocket: return "WEBSOCKET";
  }
  return "REST";
}

std::string_view to_string(IntegrationType t) {
  switch (t) {
    case IntegrationType::Mock: return "mock";
    case IntegrationType::Http: return "http";
    case IntegrationType::HttpProxy: return "http_proxy";
    case IntegrationType::Aws: return "aws";
    case IntegrationType::AwsProxy: return "aws_proxy";
  }
  return "mock";
}

}  // namespace gw::model
