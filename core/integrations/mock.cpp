#include "core/integrations/mock.h"

#include <nlohmann/json.hpp>

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::integrations {

Result<int> mock_status_from_template(std::string_view text) {
  if (trim(text).empty()) {
    return 200;
  }
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return fail(ErrorKind::BadInput,
                "mock request template is not JSON: unable to read statusCode");
  }
  if (!doc.is_object() || !doc.contains("statusCode")) {
    return 200;
  }
  const nlohmann::json& code = doc["statusCode"];
  if (code.is_number_integer()) {
    return code.get<int>();
  }
  if (code.is_string()) {
    const std::string& s = code.get_ref<const std::string&>();
    if (!s.empty() && s.size() <= 3 && s.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoi(s);
    }
  }
  return fail(ErrorKind::BadInput, "mock request template has an invalid statusCode");
}

Result<IntegrationOutput> MockIntegration::invoke(pipeline::Exchange& ex) const {
  IntegrationOutput out;
  out.response.status = 200;
  if (ex.integration_body) {
    Result<int> status = mock_status_from_template(*ex.integration_body);
    if (!status) {
      return std::unexpected(status.error());
    }
    out.response.status = *status;
  }
  if (ex.tracing()) {
    ex.trace("integration: mock -> ", std::to_string(out.response.status));
  }
  return out;
}

}  // namespace gw::integrations
