#pragma once

/// Request validation (REST): the method's request validator checks required parameters and/or
/// the body against its model before anything reaches the backend.
///
/// Emulates: validators `body`, `params`, both (x-amazon-apigateway-request-validators, chosen
/// per method or API-wide by x-amazon-apigateway-request-validator); missing required header,
/// path or query parameters → 400 `{"message":"Missing required request parameters: [a, b]"}`,
/// names ordered by their full `method.request.*` key (fact 49); a body failing its draft-4
/// model → 400 `{"message":"Invalid request body"}`, the detail only in
/// `$context.error.validationErrorString` (fact 50); an empty body is validated as `{}`;
/// parameters are checked before the body. The model is picked by the request's Content-Type
/// (missing: application/json, fact 31), else `$default`; no model → no body check.
/// Reads: x-amazon-apigateway-request-validators, x-amazon-apigateway-request-validator,
/// parameters[].required, requestBody / body parameter schemas, components.schemas /
/// definitions.
/// Produces: BAD_REQUEST_PARAMETERS, BAD_REQUEST_BODY.
/// Differences: HTTP APIs have no request validation (as on AWS: the spec's validators are
/// ignored there); a model gw cannot compile disables that body check (a load warning, and
/// traced). gw bounds
/// validation by counts (schema_validator.h: body depth, pattern match limits, checks): a body
/// over a bound is answered BAD_REQUEST_BODY and the reason is a warning in the request's log,
/// where API Gateway's own validator would time out or fail.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/api.h"
#include "core/pipeline/step.h"
#include "openapi/schema_validator.h"

namespace gw::pipeline {

class ValidationStep final : public Step {
 public:
  explicit ValidationStep(const model::Api& api);
  std::string_view name() const override { return "validation"; }
  Flow on_request(Exchange& ex) const override;

  /// Models that did not compile, so their bodies are not checked, at their operations.
  const std::vector<Error>& warnings() const { return warnings_; }

 private:
  struct Required {
    std::string key;   ///< "method.request.header.x-token"
    std::string in;    ///< header | path | querystring
    std::string name;  ///< "x-token"
  };
  struct Compiled {
    bool body = false;
    bool params = false;
    std::string validator;                                                 ///< its name (trace)
    std::vector<Required> required;                                        ///< sorted by key
    std::vector<std::pair<std::string, openapi::SchemaValidator>> models;  ///< type -> schema
    std::vector<std::string> compile_errors;
  };
  static Compiled compile(const model::Api& api, const model::Operation& op,
                          const model::RequestValidator& v, std::string name);
  std::vector<std::string> missing(const Exchange& ex, const Compiled& c) const;
  const openapi::SchemaValidator* model_for(const Exchange& ex, const Compiled& c) const;

  const model::Operation* first_op_ = nullptr;
  std::vector<std::optional<Compiled>> by_op_;
  std::vector<Error> warnings_;
};

}  // namespace gw::pipeline
