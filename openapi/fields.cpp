#include "openapi/fields.h"

#include <cmath>

#include "core/base/strings.h"

namespace gw::openapi {
namespace {

constexpr std::string_view kFixHint =
    "gw evaluates Fn::Sub, Ref, Fn::GetAtt and Fn::Join over the template's resources, and no "
    "other CloudFormation or Terraform expression: write the value literally (for a Lambda "
    "integration, a uri naming a function defined in x-gw.functions)";

std::string_view article(std::string_view type) {
  return type == "integer" ? "an " : "a ";
}

/// The CloudFormation intrinsic a node stands for ("Fn::Sub", "!Sub", "Ref"), or "".
std::string intrinsic_of(const Node& n) {
  if (!n.tag.empty()) {
    return n.tag;
  }
  if (n.is_map() && n.entries.size() == 1) {
    const std::string& k = n.entries[0].key;
    if (k.starts_with("Fn::") || k == "Ref") {
      return k;
    }
  }
  return {};
}

}  // namespace

void Ctx::warn_unknown_keys(const Node& map, std::span<const std::string_view> known,
                            std::string_view what) {
  for (const MapEntry& e : map.entries) {
    bool ok = false;
    for (std::string_view k : known) {
      ok = ok || k == e.key;
    }
    if (ok || e.key.starts_with("x-")) {  // x-amazon-apigateway-* names: checked by the walk
      continue;
    }
    std::string near = did_you_mean(e.key, known);
    warnings.push_back(Warning{"unknown " + std::string(what) + " '" + e.key + "'", e.key_loc,
                               near.empty() ? "" : "did you mean '" + near + "'?"});
  }
}

std::unexpected<Error> type_error(const Node& n, std::string_view what, std::string_view want) {
  std::string intrinsic = intrinsic_of(n);
  if (!intrinsic.empty()) {
    return fail(ErrorKind::BadInput,
                std::string(what) + ": cannot resolve the CloudFormation intrinsic '" +
                    intrinsic + "'",
                n.loc, std::string(kFixHint));
  }
  return fail(ErrorKind::BadInput,
              std::string(what) + ": expected " + std::string(article(want)) +
                  std::string(want) + ", got " + std::string(n.type_name()),
              n.loc);
}

Result<std::string> read_string(const Node& n, std::string_view what) {
  if (!n.tag.empty() || !n.is_scalar() || n.kind == Node::Kind::Null) {
    return type_error(n, what, "string");
  }
  return n.text;
}

Result<double> read_number(const Node& n, std::string_view what) {
  if (n.kind != Node::Kind::Number) {
    return type_error(n, what, "number");
  }
  return n.number;
}

Result<int> read_int(const Node& n, std::string_view what) {
  if (n.kind != Node::Kind::Number || n.number != std::floor(n.number) ||
      std::fabs(n.number) > 2e9) {
    return type_error(n, what, "integer");
  }
  return static_cast<int>(n.number);
}

Result<bool> read_bool(const Node& n, std::string_view what) {
  if (n.kind != Node::Kind::Bool) {
    return type_error(n, what, "boolean");
  }
  return n.boolean;
}

Result<std::vector<std::string>> read_string_list(const Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (n.is_scalar() && n.kind != Node::Kind::Null) {
    Result<std::string> s = read_string(n, what);
    GW_TRY(s);
    out.push_back(std::move(*s));
    return out;
  }
  if (!n.is_seq()) {
    return type_error(n, what, "list");
  }
  for (const Node& item : n.items) {
    Result<std::string> s = read_string(item, what);
    GW_TRY(s);
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::map<std::string, std::string>> read_string_map(const Node& n, std::string_view what) {
  std::map<std::string, std::string> out;
  if (!n.is_map()) {
    return type_error(n, what, "map");
  }
  for (const MapEntry& e : n.entries) {
    Result<std::string> s = read_string(e.value, std::string(what) + "." + e.key);
    GW_TRY(s);
    out[e.key] = std::move(*s);
  }
  return out;
}

std::map<std::string, SourceLoc> text_origins(const Node& n) {
  std::map<std::string, SourceLoc> out;
  for (const MapEntry& e : n.entries) {
    SourceLoc loc = e.value.loc;
    if (e.value.style == Node::Style::Block) {
      loc.line += 1;
      loc.column = 0;  // the indentation is not known: columns are the template's own
    } else if (e.value.style == Node::Style::Quoted) {
      loc.column += 1;
    }
    out[e.key] = std::move(loc);
  }
  return out;
}

Result<bool> expect_map(const Node& n, std::string_view what) {
  if (!n.is_map()) {
    return type_error(n, what, "map");
  }
  return true;
}

Result<std::string> read_literal(const Node& n, std::string_view what) {
  Result<std::string> s = read_string(n, what);
  GW_TRY(s);
  size_t at = 0;
  while ((at = s->find("${", at)) != std::string::npos) {
    size_t end = s->find('}', at);
    std::string_view inner =
        std::string_view(*s).substr(at + 2, end == std::string::npos ? 0 : end - at - 2);
    if (!inner.starts_with("stageVariables.")) {
      return fail(ErrorKind::BadInput,
                  std::string(what) + ": cannot resolve the placeholder '${" +
                      std::string(inner) + "}'",
                  n.loc, std::string(kFixHint));
    }
    at += 2;
  }
  return s;
}

}  // namespace gw::openapi
