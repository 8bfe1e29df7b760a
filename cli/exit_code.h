#pragma once

/// gw's exit codes (DESIGN.md §7).

#include "core/base/result.h"

namespace gw::cli {

enum class ExitCode : int {
  Ok = 0,
  Findings = 1,     ///< lint findings at or above --fail-on, replay mismatches
  BadInput = 2,     ///< bad usage or bad input (spec, config, recording)
  Environment = 4,  ///< port in use, runtime missing
  Internal = 70,    ///< a bug in gw
  Interrupted = 130,
};

inline int to_int(ExitCode code) { return static_cast<int>(code); }

/// The exit code for an error of `kind`.
inline ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadInput:
      return ExitCode::BadInput;
    case ErrorKind::Environment:
      return ExitCode::Environment;
    case ErrorKind::Internal:
      return ExitCode::Internal;
    case ErrorKind::Timeout:
    case ErrorKind::Failure:
      return ExitCode::Environment;
  }
  return ExitCode::Internal;
}

}  // namespace gw::cli
