#include "core/integrations/lambda_uri.h"

#include <vector>

#include "core/base/strings.h"

namespace gw::integrations {

namespace {

constexpr std::string_view kFunctions = "/functions/";
constexpr std::string_view kInvocations = "/invocations";

// "arn:aws:lambda:us-east-1:123:function:Name:alias", "123:function:Name", "Name:alias".
std::optional<std::string> name_of_target(std::string_view target) {
  if (target.empty()) {
    return std::nullopt;
  }
  std::vector<std::string_view> parts = split(target, ':');
  size_t i = 0;
  for (; i < parts.size(); ++i) {
    if (parts[i] == "function") {
      break;
    }
  }
  std::string_view name;
  if (i < parts.size()) {
    if (i + 1 >= parts.size()) {
      return std::nullopt;
    }
    name = parts[i + 1];
  } else if (target.starts_with("arn:")) {
    return std::nullopt;  // an ARN of something else
  } else {
    name = parts[0];
  }
  if (name.empty()) {
    return std::nullopt;
  }
  return std::string(name);
}

}  // namespace

std::optional<std::string> lambda_function_name(std::string_view uri) {
  if (uri.starts_with("arn:aws:apigateway:")) {
    if (uri.find(":lambda:path/") == std::string_view::npos) {
      return std::nullopt;
    }
    size_t start = uri.find(kFunctions);
    if (start == std::string_view::npos) {
      return std::nullopt;
    }
    start += kFunctions.size();
    size_t end = uri.rfind(kInvocations);
    if (end == std::string_view::npos || end < start) {
      end = uri.size();
    }
    return name_of_target(uri.substr(start, end - start));
  }
  return name_of_target(uri);
}

}  // namespace gw::integrations
