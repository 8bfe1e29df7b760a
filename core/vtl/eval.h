#pragma once

/// Internal: the tree-walking evaluator behind vtl::render(), and the native methods it calls.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/vtl/template.h"

namespace gw::vtl::detail {

class Evaluator {
 public:
  Evaluator(const Template& t, const Inputs& in);

  Result<std::string> run();
  void collect(Outputs& out) const;

  // For the native methods.
  /// Counts bytes a render creates and keeps (strings built, elements added to lists and maps)
  /// against Limits::max_allocated; past it the render fails (a template doubling a list in a
  /// loop would otherwise take gigabytes).
  Result<void> charge(size_t bytes, uint32_t offset);
  Error error(uint32_t offset, std::string message, ErrorKind kind = ErrorKind::Failure) const;
  const Inputs& inputs() const { return in_; }
  /// The request body parsed as JSON (an empty body is `{}`), parsed on first use.
  Result<const nlohmann::ordered_json*> body_json(uint32_t offset);
  /// $input.params(): {path={..}, querystring={..}, header={..}}, built on first use.
  const Value& params_map();
  /// The innermost #foreach: (0-based index, number of items); nullopt outside loops.
  std::optional<std::pair<size_t, size_t>> loop() const;

 private:
  enum class Flow : uint8_t { Normal, Break, Stop };
  struct Loop {
    size_t index = 0;
    size_t size = 0;
  };

  Result<Flow> exec_block(const ast::Block& block, std::string& out);
  Result<Flow> exec_node(const ast::Node& node, std::string& out);
  Result<Flow> exec_foreach(const ast::Node& node, std::string& out);
  Result<void> exec_set(const ast::Node& node);
  Result<void> render_ref(const ast::Node& node, std::string& out);
  Result<Value> eval(const ast::Expr& e);
  Result<Value> eval_binary(const ast::Expr& e);
  Result<Value> eval_range(const ast::Expr& e);
  Result<Value> eval_ref(const ast::Reference& ref, size_t suffix_count);
  Result<Value> apply(const Value& target, const ast::Suffix& s);
  Result<std::string> interpolate(const ast::Block& parts, uint32_t offset);
  Value lookup(std::string_view name) const;
  Value* find_var(std::string_view name);
  Result<void> check_output(const std::string& out, uint32_t offset) const;

  CycleBreaker breaker_;  ///< first member: destroyed last, after every Value below
  const Template& t_;
  const Inputs& in_;
  Value context_;
  std::vector<std::pair<std::string, Value>> vars_;
  std::vector<Loop> loops_;
  uint64_t iterations_ = 0;
  size_t allocated_ = 0;
  uint32_t depth_ = 0;
  std::optional<nlohmann::ordered_json> body_;
  Value params_;
};

/// Velocity truthiness: null and false are false, everything else is true.
bool truthy(const Value& v);
/// Velocity's ==: numbers by value, same types by equals(), different types by toString();
/// null equals null and "" (API Gateway, fact 37).
bool velocity_equals(const Value& a, const Value& b);

/// String, list, map and number methods (Java semantics). Unknown methods yield null.
Result<Value> call_method(Evaluator& ev, const Value& target, std::string_view name,
                          std::vector<Value>& args, uint32_t offset);
/// $input, $util and $foreach. is_property: `$input.body` rather than `$input.body()`.
Result<Value> call_builtin(Evaluator& ev, Builtin b, std::string_view name,
                           std::vector<Value>& args, uint32_t offset);

/// Java's String.replaceAll / replaceFirst / matches / split, through PCRE2.
Result<std::string> regex_replace(std::string_view s, std::string_view re, std::string_view rep,
                                  bool all);
Result<bool> regex_matches(std::string_view s, std::string_view re);
Result<std::vector<std::string>> regex_split(std::string_view s, std::string_view re,
                                             int64_t limit);

}  // namespace gw::vtl::detail
