#include "core/auth/identity_source.h"

#include "core/base/strings.h"

namespace gw::auth {

std::vector<IdentitySource> parse_identity_sources(std::string_view spec) {
  using Source = IdentitySource::Source;
  using Dialect = IdentitySource::Dialect;
  std::vector<IdentitySource> out;
  for (std::string_view piece : split(spec, ',')) {
    piece = trim(piece);
    auto source = IdentitySource::parse(piece, piece.starts_with('$') ? Dialect::Http : Dialect::Rest);
    if (source && (source->source() == Source::Header || source->source() == Source::Query ||
                   source->source() == Source::StageVariable ||
                   source->source() == Source::Context)) {
      out.push_back(source->with_all_header_values());
    }
  }
  return out;
}

std::optional<std::string> identity_value(const IdentitySource& source,
                                          const pipeline::Exchange& ex) {
  std::optional<std::string> value = source.eval(ex);
  if (value && trim(*value).empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace gw::auth
