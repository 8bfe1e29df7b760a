#include "core/vtl/template.h"

#include <algorithm>

#include "core/vtl/parser.h"

namespace gw::vtl {

Template::Template(std::string source, SourceLoc origin, ast::Block root)
    : source_(std::move(source)), origin_(std::move(origin)), root_(std::move(root)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < source_.size(); ++i) {
    if (source_[i] == '\n') {
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

std::pair<uint32_t, uint32_t> Template::line_col(uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

SourceLoc Template::map(uint32_t offset) const {
  SourceLoc loc = origin_;
  if (!origin_.known()) {
    return loc;
  }
  auto [line, col] = line_col(offset);
  loc.line = origin_.line + line - 1;
  loc.column = line == 1 && origin_.column != 0 ? origin_.column + col - 1 : col;
  return loc;
}

Error Template::error_at(uint32_t offset, ErrorKind kind, std::string message) const {
  auto [line, col] = line_col(offset);
  return Error{
      kind,
      "template " + std::to_string(line) + ":" + std::to_string(col) + ": " + std::move(message),
      map(offset),
      {}};
}

Result<std::shared_ptr<const Template>> parse(std::string_view src, SourceLoc origin) {
  detail::Parser parser(src);
  auto root = parser.parse_template();
  if (!root) {
    Template t(std::string(src), std::move(origin), {});
    return std::unexpected(
        t.error_at(parser.error().offset, ErrorKind::BadInput, parser.error().message));
  }
  return std::make_shared<const Template>(std::string(src), std::move(origin), std::move(*root));
}

}  // namespace gw::vtl
