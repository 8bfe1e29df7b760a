#pragma once

/// Mapping templates (requestTemplates, integration responses' responseTemplates) parsed once
/// per Gateway with the VTL engine, and rendered per request with the inputs API Gateway gives
/// them: `$input` over a body and the method request's parameters, `$context` (fact 43),
/// `$stageVariables`, and the `$context.requestOverride` / `responseOverride` values earlier
/// templates of the same request set (fact 33).
///
/// A template that fails to parse is reported once at load (warnings()) and answers
/// API_CONFIGURATION_ERROR whenever a request selects it, as a deployment with a broken
/// template does on AWS ("Execution failed due to configuration error").

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/base/result.h"
#include "core/model/api.h"
#include "core/vtl/template.h"

namespace gw::pipeline {

class Exchange;

class MappingTemplates {
 public:
  explicit MappingTemplates(const model::Api& api);

  /// The compiled form of a template string held by the model (looked up by address), or the
  /// parse error. Never null for a string of the model this was built from.
  struct Compiled {
    std::shared_ptr<const vtl::Template> tmpl;
    /// What the source mentions: the inputs not mentioned are not built per request (a
    /// template cannot reach $context without writing "context", Velocity has no eval).
    bool uses_context = true;
    bool uses_params = true;
    bool uses_stage_variables = true;
  };
  using Entry = std::variant<Compiled, Error>;
  const Entry* find(const std::string* text) const;

  /// Parse errors and static-check findings, with spec positions (printed at load).
  const std::vector<Error>& warnings() const { return warnings_; }

 private:
  void add(const std::string& text, const SourceLoc& where);

  std::unordered_map<const std::string*, Entry> by_text_;
  std::vector<Error> warnings_;
};

/// The $input / $context / $stageVariables a template sees for ex, with `body` as $input.body
/// (only the parts `uses` says the template can reach).
vtl::Inputs template_inputs(const Exchange& ex, std::string_view body,
                            const MappingTemplates::Compiled& uses);

/// Renders the template stored at `text` for ex. Its overrides are merged into ex.overrides.
/// A parse or render error is traced and warned with its spec position and returned.
Result<std::string> render_mapping(Exchange& ex, const MappingTemplates& templates,
                                   const std::string& text, std::string_view body);

}  // namespace gw::pipeline
