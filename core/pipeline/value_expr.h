#pragma once

/// Request-value expressions, compiled once when the API is loaded: the one type behind
/// parameter mappings (`requestParameters`, `responseParameters`, gateway responses'
/// `responseParameters`), authorizer identity sources, cache key parameters and HTTP APIs'
/// integration `requestParameters`.
///
/// REST form: `'static'`, `method.request.{path,querystring,multivaluequerystring,header,
/// multivalueheader}.X`, `context.X`, `stageVariables.X`, and in response mappings
/// `integration.response.header.X` and `integration.response.body`.
/// HTTP API form (fact 55, 57): `$request.{header,querystring,path}.X`, `$request.body`,
/// `$request.body.a.b`, `$context.X`, `$stageVariables.X`; any other text is a static value.
/// Values follow API Gateway: a single-value query parameter is its last occurrence (fact 8), a
/// single-value header its first, the multi-value forms join every occurrence with commas.

#include <optional>
#include <string>
#include <string_view>

#include "core/base/http.h"

namespace gw::pipeline {

class Exchange;

class ValueExpr {
 public:
  enum class Dialect : uint8_t { Rest, Http };
  enum class Source : uint8_t {
    Literal,
    Path,
    Query,
    MultiQuery,
    Header,
    MultiHeader,
    Body,
    BodyField,  ///< a dotted path into a JSON body
    Context,
    StageVariable,
    IntegrationHeader,
    IntegrationBody,
  };

  /// Compiles text; nullopt when it is not an expression of the dialect (REST mappings skip
  /// those, as API Gateway refuses them at deploy time).
  static std::optional<ValueExpr> parse(std::string_view text, Dialect dialect);
  /// An expression reading source `s` with `name` (tests, and callers that build their own).
  ValueExpr(Source s, std::string name, std::string text)
      : source_(s), name_(std::move(name)), text_(std::move(text)) {}

  /// The value in the exchange, or nullopt when what it names is absent. integration is the
  /// integration response, for the integration.response.* sources (absent otherwise).
  std::optional<std::string> eval(const Exchange& ex,
                                  const Response* integration = nullptr) const;

  Source source() const { return source_; }
  const std::string& name() const { return name_; }  ///< header, parameter, variable or path
  const std::string& text() const { return text_; }  ///< as written in the spec
  /// Reads every occurrence of a header joined, as identity sources do.
  ValueExpr with_all_header_values() const;

 private:
  Source source_;
  std::string name_;
  std::string text_;
};

}  // namespace gw::pipeline
