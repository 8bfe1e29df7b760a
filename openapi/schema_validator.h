#pragma once

/// JSON Schema validation of request bodies, as API Gateway's request validators do it: models
/// are JSON Schema draft 4 (fact 51), compiled once (json_schema.h), validated per request.
///
/// Every request's cost is bounded by counts, never by a clock (so `gw replay` repeats the
/// verdict): a body nested deeper than kMaxBodyDepth is refused before it is parsed; patterns
/// run under PCRE2 match limits; checks are counted. A bound that stops validation makes the
/// body invalid (API Gateway answers 400 "Invalid request body" for a body it cannot
/// validate) and says why in BodyCheck::limit. A number beyond double's range (1e400) is
/// validated as the largest double, as a Java validator reading it as a BigDecimal would
/// accept it.
///
/// Model references resolve three ways: `#/definitions/Name`, `#/components/schemas/Name` (the
/// loader keeps recursive refs as written) and API Gateway's own
/// `https://apigateway.amazonaws.com/restapis/<api-id>/models/Name` (fact 51).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw::openapi {

/// Bodies nesting arrays and objects deeper than this are not validated (they are invalid).
constexpr size_t kMaxBodyDepth = 1'000;

/// The verdict on one body.
struct BodyCheck {
  std::vector<std::string> errors;  ///< one readable message per failure; empty: valid
  std::string limit;  ///< why a bound stopped validation (for the log); empty otherwise
};

class SchemaValidator {
 public:
  /// Compiles schema_json (a JSON Schema object) against the API's models (name -> schema JSON).
  static Result<SchemaValidator> compile(std::string_view schema_json,
                                         const std::map<std::string, std::string>& models);

  /// Validates JSON text; an empty (or all-blank) body is validated as `{}` (fact 50).
  /// Messages read "object has missing required properties ([\"name\"]) (at /)". Thread-safe.
  BodyCheck check(std::string_view json_text) const;

  /// check(json_text).errors
  std::vector<std::string> validate(std::string_view json_text) const {
    return check(json_text).errors;
  }

 private:
  struct Impl;
  explicit SchemaValidator(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// `[msg1, msg2]`: the shape of `$context.error.validationErrorString`.
std::string join_validation_errors(const std::vector<std::string>& errors);

}  // namespace gw::openapi
