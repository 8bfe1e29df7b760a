#pragma once

/// A pipeline step: one job of API Gateway's request flow (DESIGN.md §2). Steps are built once
/// per Gateway (they compile their configuration in the constructor), are const and are shared
/// by every request thread.

#include <string_view>

namespace gw::pipeline {

class Exchange;

/// What the pipeline does after a step's on_request.
enum class Flow { Continue, Respond };

class Step {
 public:
  virtual ~Step() = default;
  /// Short name used in trace lines and in the "internal error in step X" backstop.
  virtual std::string_view name() const = 0;
  /// Continue, or Respond once ex.response holds the answer (usually via ex.respond()).
  virtual Flow on_request(Exchange& ex) const = 0;
  /// Runs for every step, in reverse order, once a response exists.
  virtual void on_response(Exchange& /*ex*/) const {}
};

}  // namespace gw::pipeline
