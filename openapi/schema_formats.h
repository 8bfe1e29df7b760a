#pragma once

/// JSON Schema `format` checks, by hand-written linear scanners (no regex): `date-time`
/// (RFC 3339: 2022-07-18T16:52:45Z, fractions, numeric offsets), `date` (2022-07-18) and
/// `time` (16:52:45+02:00), with the day checked against its month. Any other format is not
/// checked, as with the valijson-based validator gw had before.

#include <string_view>

namespace gw::openapi {

/// True when `s` is valid for `format`, or `format` is one gw does not check.
bool matches_format(std::string_view format, std::string_view s);

}  // namespace gw::openapi
