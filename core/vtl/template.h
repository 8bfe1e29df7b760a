#pragma once

/// API Gateway mapping templates (Velocity 1.7 as API Gateway runs it).
///
///   auto t = vtl::parse(src, loc_of_template_in_spec);        // once per deployment
///   vtl::Inputs in; in.body = ...; in.context = ...;         // per request
///   vtl::Outputs out; auto text = vtl::render(**t, in, &out);
///
/// Errors (parse or render) carry "template L:C" in the message and, in Error::where, the
/// position mapped into the spec (origin line + template line - 1).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/base/source_loc.h"
#include "core/vtl/ast.h"
#include "core/vtl/outputs.h"
#include "core/vtl/value.h"

namespace gw::vtl {

class Template {
 public:
  Template(std::string source, SourceLoc origin, ast::Block root);

  const ast::Block& root() const { return root_; }
  const std::string& source() const { return source_; }
  /// 1-based line and column of a byte offset in the template.
  std::pair<uint32_t, uint32_t> line_col(uint32_t offset) const;
  /// The spec position of a byte offset: origin shifted by the template's line:col.
  SourceLoc map(uint32_t offset) const;
  /// An error positioned at offset: "template L:C: message", where = map(offset).
  Error error_at(uint32_t offset, ErrorKind kind, std::string message) const;

 private:
  std::string source_;
  SourceLoc origin_;
  ast::Block root_;
  std::vector<uint32_t> line_starts_;
};

/// Parses src. origin is where the template text starts in the spec (may be unknown).
Result<std::shared_ptr<const Template>> parse(std::string_view src, SourceLoc origin = {});

/// Static checks for lint and load-time warnings: unknown `$input.x` / `$util.x` members
/// (e.g. `$util.escapeJavascript`), with a did-you-mean hint. Positions as parse errors.
std::vector<Error> check(const Template& t);

struct Limits {
  uint32_t foreach_max = 1000;         ///< iterations per #foreach (AWS fact 42)
  uint64_t total_iterations = 100000;  ///< all loops of one render together
  size_t max_output = 10u << 20;       ///< bytes of rendered text
  uint32_t max_depth = 64;             ///< nesting of evaluation (interpolated strings, calls)
  size_t max_allocated = 256u << 20;   ///< bytes of strings and list/map elements a render builds
};


/// What a template can see. Values are per request: a render may mutate the maps it is given
/// through #set or put(), so do not share one Inputs between concurrent renders.
struct Inputs {
  std::string_view body;  ///< $input.body (raw); parsed lazily for $input.json / $input.path
  Params path_params;
  Params query_params;
  Params header_params;
  Value context = Value::new_map();          ///< $context (nested maps)
  Value stage_variables = Value::new_map();  ///< $stageVariables
  Limits limits;
};


/// Renders t. out may be null when the caller ignores overrides.
Result<std::string> render(const Template& t, const Inputs& in, Outputs* out = nullptr);

}  // namespace gw::vtl
