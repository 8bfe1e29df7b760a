#include "core/model/api.h"

#include <filesystem>

namespace gw::model {

std::string state_dir_of(const Api& api, std::string_view chosen) {
  if (!chosen.empty()) {
    return std::string(chosen);
  }
  if (!api.spec_path || api.spec_path->empty()) {
    return {};
  }
  return state_dir_beside(*api.spec_path);
}

std::string state_dir_beside(std::string_view spec_path) {
  std::filesystem::path dir = std::filesystem::path(spec_path).parent_path();
  return (dir.empty() ? std::filesystem::path(".gw") : dir / ".gw").string();
}

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
