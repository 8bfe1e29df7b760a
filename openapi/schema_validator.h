#pragma once

/// JSON Schema validation of request bodies, as API Gateway's request validators do it: models
/// are JSON Schema draft 4 (fact 51), compiled once, validated per request. valijson stays
/// behind this header; no valijson type leaks out.
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

class SchemaValidator {
 public:
  /// Compiles schema_json (a JSON Schema object) against the API's models (name -> schema JSON).
  static Result<SchemaValidator> compile(std::string_view schema_json,
                                         const std::map<std::string, std::string>& models);

  /// Validates JSON text; an empty (or all-blank) body is validated as `{}` (fact 50).
  /// Returns one readable message per failure ("object has missing required properties
  /// ([\"name\"]) at /"), empty when the document is valid. Thread-safe.
  std::vector<std::string> validate(std::string_view json_text) const;

 private:
  struct Impl;
  explicit SchemaValidator(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// `[msg1, msg2]`: the shape of `$context.error.validationErrorString`.
std::string join_validation_errors(const std::vector<std::string>& errors);

}  // namespace gw::openapi
