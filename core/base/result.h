#pragma once

#include <expected>
#include <optional>
#include <string>

#include "core/base/source_loc.h"

namespace gw {

/// What went wrong, coarsely: decides exit codes and gateway responses.
enum class ErrorKind {
  BadInput,     ///< a spec, config, recording or request that cannot be used (exit 2)
  Environment,  ///< the machine failed us: port in use, file unreadable, runtime missing (exit 4)
  Timeout,      ///< an integration did not answer in time (504)
  Failure,      ///< an integration failed: connection refused, bad response (502/500)
  Internal,     ///< a bug in gw (exit 70)
};

/// An expected failure: a one-line message, optionally positioned in a source file,
/// with an optional hint line ("did you mean ...", how to fix it).
struct Error {
  ErrorKind kind = ErrorKind::BadInput;
  std::string message;
  SourceLoc where;
  std::string hint;

  /// "file:line:col: message" (or just the message when the position is unknown).
  std::string str() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, SourceLoc where = {},
                                   std::string hint = {}) {
  return std::unexpected(Error{kind, std::move(message), std::move(where), std::move(hint)});
}

}  // namespace gw

/// Propagates the error of an expression yielding Result<T>; evaluates to nothing.
#define GW_TRY(expr)                                         \
  do {                                                       \
    auto&& gw_try_result_ = (expr);                          \
    if (!gw_try_result_) {                                   \
      return std::unexpected(std::move(gw_try_result_).error()); \
    }                                                        \
  } while (false)
