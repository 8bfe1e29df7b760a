#include "core/auth/identity_source.h"

#include "core/base/strings.h"
#include "core/pipeline/exchange.h"

namespace gw::auth {

namespace {

struct Prefix {
  std::string_view text;
  IdentitySource::Kind kind;
};

constexpr Prefix kPrefixes[] = {
    {"method.request.header.", IdentitySource::Kind::Header},
    {"method.request.querystring.", IdentitySource::Kind::Query},
    {"$request.header.", IdentitySource::Kind::Header},
    {"$request.querystring.", IdentitySource::Kind::Query},
    {"stageVariables.", IdentitySource::Kind::StageVariable},
    {"$stageVariables.", IdentitySource::Kind::StageVariable},
    {"context.", IdentitySource::Kind::Context},
    {"$context.", IdentitySource::Kind::Context},
};

}  // namespace

std::vector<IdentitySource> parse_identity_sources(std::string_view spec) {
  std::vector<IdentitySource> out;
  for (std::string_view piece : split(spec, ',')) {
    piece = trim(piece);
    for (const Prefix& p : kPrefixes) {
      if (piece.starts_with(p.text) && piece.size() > p.text.size()) {
        out.push_back({p.kind, std::string(piece.substr(p.text.size())), std::string(piece)});
        break;
      }
    }
  }
  return out;
}

std::optional<std::string> identity_value(const IdentitySource& source,
                                          const pipeline::Exchange& ex) {
  std::optional<std::string> value;
  switch (source.kind) {
    case IdentitySource::Kind::Header: {
      std::vector<std::string_view> all = ex.request.headers.get_all(source.name);
      if (!all.empty()) {
        std::string joined;
        for (std::string_view v : all) {
          if (!joined.empty()) {
            joined.push_back(',');
          }
          joined.append(v);
        }
        value = std::move(joined);
      }
      break;
    }
    case IdentitySource::Kind::Query:
      for (auto& [k, v] : parse_query(ex.request.query)) {
        if (k == source.name) {
          value = v;
        }
      }
      break;
    case IdentitySource::Kind::StageVariable:
      if (const std::string* v = ex.stage_variable(source.name)) {
        value = *v;
      }
      break;
    case IdentitySource::Kind::Context:
      value = ex.context_value(source.name);
      break;
  }
  if (value && trim(*value).empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace gw::auth
