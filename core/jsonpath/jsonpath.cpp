#include "core/jsonpath/jsonpath.h"

#include <algorithm>

#include "core/jsonpath/internal.h"

namespace gw::jsonpath {

Path::Path() = default;
Path::~Path() = default;
Path::Path(Path&&) noexcept = default;
Path& Path::operator=(Path&&) noexcept = default;

namespace {

void descendants(const Json& node, std::vector<const Json*>& out) {
  out.push_back(&node);
  if (node.is_structured()) {
    for (const auto& child : node) {
      descendants(child, out);
    }
  }
}

bool holds(const Filter& f, const Json& at, const Json& root);

const Json* resolve(const Filter& f, const Json& at, const Json& root) {
  if (f.kind == Filter::Kind::Literal) {
    return &f.literal;
  }
  if (f.kind != Filter::Kind::Exists) {
    return nullptr;
  }
  auto found = f.path.select(f.from_root ? root : at);
  return found.empty() ? nullptr : found.front();
}

bool compare(std::string_view op, const Json* a, const Json* b) {
  if (a == nullptr || b == nullptr) {
    return op == "!=" && a != b;
  }
  if (a->is_number() && b->is_number()) {
    double x = a->get<double>();
    double y = b->get<double>();
    return op == "=="   ? x == y
           : op == "!=" ? x != y
           : op == "<"  ? x < y
           : op == ">"  ? x > y
           : op == "<=" ? x <= y
                        : x >= y;
  }
  if (op == "==" || op == "!=") {
    return (*a == *b) == (op == "==");
  }
  if (a->is_string() && b->is_string()) {
    int c = a->get_ref<const std::string&>().compare(b->get_ref<const std::string&>());
    return op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0;
  }
  return false;
}

bool holds(const Filter& f, const Json& at, const Json& root) {
  switch (f.kind) {
    case Filter::Kind::Or:
      return holds(*f.kids[0], at, root) || holds(*f.kids[1], at, root);
    case Filter::Kind::And:
      return holds(*f.kids[0], at, root) && holds(*f.kids[1], at, root);
    case Filter::Kind::Not:
      return !holds(*f.kids[0], at, root);
    case Filter::Kind::Cmp:
      return compare(f.op, resolve(*f.kids[0], at, root), resolve(*f.kids[1], at, root));
    case Filter::Kind::Exists:
      return resolve(f, at, root) != nullptr;
    case Filter::Kind::Literal:
      return !f.literal.is_null() && f.literal != Json(false);
  }
  return false;
}

void slice(const Selector& sel, const Json& arr, std::vector<const Json*>& out) {
  auto n = static_cast<int64_t>(arr.size());
  auto norm = [n](int64_t i) { return i < 0 ? std::max<int64_t>(0, i + n) : std::min(i, n); };
  if (sel.step > 0) {
    for (int64_t i = norm(sel.start.value_or(0)); i < norm(sel.end.value_or(n)); i += sel.step) {
      out.push_back(&arr[static_cast<size_t>(i)]);
    }
    return;
  }
  int64_t start = sel.start ? std::min(norm(*sel.start), n - 1) : n - 1;
  int64_t end = sel.end ? norm(*sel.end) : -1;
  for (int64_t i = start; i > end && i >= 0; i += sel.step) {
    out.push_back(&arr[static_cast<size_t>(i)]);
  }
}

void apply(const Selector& sel, const Json& node, const Json& root, std::vector<const Json*>& out) {
  switch (sel.kind) {
    case SelKind::Name:
      if (node.is_object()) {
        if (auto it = node.find(sel.name); it != node.end()) {
          out.push_back(&*it);
        }
      }
      return;
    case SelKind::Index:
      if (node.is_array()) {
        int64_t i = sel.index < 0 ? sel.index + static_cast<int64_t>(node.size()) : sel.index;
        if (i >= 0 && i < static_cast<int64_t>(node.size())) {
          out.push_back(&node[static_cast<size_t>(i)]);
        }
      }
      return;
    case SelKind::Wildcard:
    case SelKind::Filter:
      if (node.is_structured()) {
        for (const auto& child : node) {
          if (sel.kind == SelKind::Wildcard || holds(*sel.filter, child, root)) {
            out.push_back(&child);
          }
        }
      }
      return;
    case SelKind::Slice:
      if (node.is_array()) {
        slice(sel, node, out);
      }
      return;
  }
}

}  // namespace

void Path::set_segments(std::vector<Segment> segments, bool definite) {
  segments_ = std::move(segments);
  definite_ = definite;
}

std::vector<const Json*> Path::select(const Json& root) const {
  std::vector<const Json*> current{&root};
  std::vector<const Json*> next;
  std::vector<const Json*> scope;
  for (const Segment& seg : segments_) {
    next.clear();
    for (const Json* node : current) {
      scope.clear();
      if (seg.descendant) {
        descendants(*node, scope);
      } else {
        scope.push_back(node);
      }
      for (const Json* s : scope) {
        for (const Selector& sel : seg.selectors) {
          apply(sel, *s, root, next);
        }
      }
    }
    std::swap(current, next);
  }
  return current;
}

Result<Path> compile(std::string_view text) {
  std::string full(text);
  size_t b = full.find_first_not_of(' ');
  full = b == std::string::npos ? "$" : full.substr(b);
  while (!full.empty() && full.back() == ' ') {
    full.pop_back();
  }
  if (full[0] != '$') {
    full = (full[0] == '[' ? "$" : "$.") + full;
  }
  Path path;
  path.text_ = full;
  size_t end = 0;
  auto segs = parse_segments(full, 1, path.definite_, end);
  if (!segs) {
    return std::unexpected(std::move(segs).error());
  }
  if (end < full.size()) {
    return fail(ErrorKind::BadInput, "invalid JSONPath '" + full + "' at column " +
                                         std::to_string(end + 1) + ": unexpected '" +
                                         full.substr(end) + "'");
  }
  path.segments_ = std::move(*segs);
  return path;
}

Result<std::vector<const Json*>> query(std::string_view path, const Json& root) {
  auto p = compile(path);
  if (!p) {
    return std::unexpected(std::move(p).error());
  }
  return p->select(root);
}

}  // namespace gw::jsonpath
