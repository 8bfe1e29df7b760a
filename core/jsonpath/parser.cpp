// The JSONPath parser: segments, bracket selectors, slices and filter expressions.
#include <charconv>

#include "core/jsonpath/internal.h"

namespace gw::jsonpath {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(std::string_view s, size_t start) : s_(s), pos_(start) {}

  Result<std::vector<Segment>> segments(bool& definite);
  bool done() const { return pos_ >= s_.size(); }
  size_t position() const { return pos_; }
  Result<std::shared_ptr<Filter>> filter(int depth);

 private:
  char peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  bool accept(std::string_view t) {
    if (s_.substr(pos_, t.size()) != t) {
      return false;
    }
    pos_ += t.size();
    return true;
  }
  void ws() {
    while (peek() == ' ') {
      ++pos_;
    }
  }
  std::unexpected<Error> err(std::string msg) const { return err_at(pos_, std::move(msg)); }
  std::unexpected<Error> err_at(size_t at, std::string msg) const {
    return fail(ErrorKind::BadInput, "invalid JSONPath '" + std::string(s_) + "' at column " +
                                         std::to_string(at + 1) + ": " + std::move(msg));
  }
  std::optional<int64_t> integer() {
    size_t b = pos_;
    if (peek() == '-') {
      ++pos_;
    }
    while (peek() >= '0' && peek() <= '9') {
      ++pos_;
    }
    int64_t v = 0;
    if (std::from_chars(s_.data() + b, s_.data() + pos_, v).ec != std::errc()) {
      pos_ = b;
      return std::nullopt;
    }
    return v;
  }
  Result<std::string> quoted();
  Result<Selector> bracket_item();
  Result<void> bracket(Segment& seg);
  Result<std::shared_ptr<Filter>> operand(int depth);
  Result<std::shared_ptr<Filter>> unary(int depth);
  Result<std::shared_ptr<Filter>> comparison(int depth);

  std::string_view s_;
  size_t pos_;
};

Result<std::string> Parser::quoted() {
  size_t start = pos_;
  char q = peek();
  ++pos_;
  std::string out;
  while (pos_ < s_.size() && peek() != q) {
    if (peek() == '\\' && pos_ + 1 < s_.size()) {
      ++pos_;
    }
    out += s_[pos_++];
  }
  if (!accept(std::string_view(&q, 1))) {
    return err_at(start, "unterminated string");
  }
  return out;
}

Result<Selector> Parser::bracket_item() {
  ws();
  Selector sel;
  if (peek() == '\'' || peek() == '"') {
    auto name = quoted();
    if (!name) {
      return std::unexpected(std::move(name).error());
    }
    sel.name = std::move(*name);
    return sel;
  }
  if (accept("*")) {
    sel.kind = SelKind::Wildcard;
    return sel;
  }
  std::optional<int64_t> first = integer();
  ws();
  if (peek() != ':') {
    if (!first) {
      return err("expected a name, index, '*', slice or filter");
    }
    sel.kind = SelKind::Index;
    sel.index = *first;
    return sel;
  }
  sel.kind = SelKind::Slice;
  sel.start = first;
  ++pos_;
  ws();
  sel.end = integer();
  ws();
  if (accept(":")) {
    ws();
    sel.step = integer().value_or(1);
    if (sel.step == 0) {
      return err("slice step cannot be 0");
    }
  }
  return sel;
}

Result<void> Parser::bracket(Segment& seg) {
  ws();
  if (accept("?(")) {
    auto f = filter(0);
    if (!f) {
      return std::unexpected(std::move(f).error());
    }
    ws();
    if (!accept(")")) {
      return err("expected ')' to close the filter");
    }
    Selector sel;
    sel.kind = SelKind::Filter;
    sel.filter = std::move(*f);
    seg.selectors.push_back(std::move(sel));
  } else {
    do {
      auto sel = bracket_item();
      if (!sel) {
        return std::unexpected(std::move(sel).error());
      }
      seg.selectors.push_back(std::move(*sel));
      ws();
    } while (accept(","));
  }
  ws();
  if (!accept("]")) {
    return err("expected ']'");
  }
  return {};
}

Result<std::vector<Segment>> Parser::segments(bool& definite) {
  std::vector<Segment> out;
  while (pos_ < s_.size()) {
    Segment seg;
    if (accept("..")) {
      seg.descendant = true;
    } else if (peek() != '[' && !accept(".")) {
      break;
    }
    if (accept("[")) {
      auto r = bracket(seg);
      if (!r) {
        return std::unexpected(std::move(r).error());
      }
    } else if (accept("*")) {
      seg.selectors.push_back({SelKind::Wildcard, {}, 0, {}, {}, 1, {}});
    } else {
      size_t b = pos_;
      while (pos_ < s_.size() && std::string_view(".[] =!<>&|)").find(peek()) == s_.npos) {
        ++pos_;
      }
      if (b == pos_) {
        return err("expected a name");
      }
      seg.selectors.push_back(
          {SelKind::Name, std::string(s_.substr(b, pos_ - b)), 0, {}, {}, 1, {}});
    }
    bool one = seg.selectors.size() == 1 &&
               (seg.selectors[0].kind == SelKind::Name || seg.selectors[0].kind == SelKind::Index);
    definite = definite && one && !seg.descendant;
    out.push_back(std::move(seg));
  }
  return out;
}

Result<std::shared_ptr<Filter>> Parser::operand(int depth) {
  ws();
  auto f = std::make_shared<Filter>();
  if (peek() == '@' || peek() == '$') {
    f->kind = Filter::Kind::Exists;
    f->from_root = peek() == '$';
    ++pos_;
    bool definite = true;
    auto segs = segments(definite);
    if (!segs) {
      return std::unexpected(std::move(segs).error());
    }
    f->path.set_segments(std::move(*segs), definite);
    return f;
  }
  if (accept("(")) {
    auto inner = filter(depth + 2 - depth % 2);
    ws();
    if (inner && !accept(")")) {
      return err("expected ')'");
    }
    return inner;
  }
  if (peek() == '\'' || peek() == '"') {
    auto q = quoted();
    if (!q) {
      return std::unexpected(std::move(q).error());
    }
    f->literal = std::move(*q);
    return f;
  }
  for (auto [word, value] : {std::pair{"true", Json(true)}, std::pair{"false", Json(false)},
                             std::pair{"null", Json(nullptr)}}) {
    if (accept(word)) {
      f->literal = value;
      return f;
    }
  }
  size_t b = pos_;
  while (std::string_view("-+.eE0123456789").find(peek()) != std::string_view::npos &&
         peek() != '\0') {
    ++pos_;
  }
  auto num = Json::parse(s_.substr(b, pos_ - b), nullptr, false);
  if (b == pos_ || num.is_discarded() || !num.is_number()) {
    pos_ = b;
    return err("expected @, a string, a number, true, false or null");
  }
  f->literal = std::move(num);
  return f;
}

Result<std::shared_ptr<Filter>> Parser::comparison(int depth) {
  auto lhs = operand(depth);
  if (!lhs) {
    return lhs;
  }
  ws();
  for (std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
    if (accept(op)) {
      auto rhs = operand(depth);
      if (!rhs) {
        return rhs;
      }
      auto f = std::make_shared<Filter>();
      f->kind = Filter::Kind::Cmp;
      f->op = op;
      f->kids = {std::move(*lhs), std::move(*rhs)};
      return f;
    }
  }
  return lhs;
}

Result<std::shared_ptr<Filter>> Parser::unary(int depth) {
  ws();
  if (peek() == '!' && peek(1) != '=') {
    ++pos_;
    auto inner = unary(depth + 1);
    if (!inner) {
      return inner;
    }
    auto f = std::make_shared<Filter>();
    f->kind = Filter::Kind::Not;
    f->kids.push_back(std::move(*inner));
    return f;
  }
  return comparison(depth);
}

Result<std::shared_ptr<Filter>> Parser::filter(int depth) {
  if (depth > kMaxDepth) {
    return err("filter nested too deeply");
  }
  bool is_or = depth % 2 == 0;  // even depths parse ||-chains of &&-chains
  auto lhs = is_or ? filter(depth + 1) : unary(depth + 1);
  while (lhs) {
    ws();
    if (!accept(is_or ? "||" : "&&")) {
      break;
    }
    auto rhs = is_or ? filter(depth + 1) : unary(depth + 1);
    if (!rhs) {
      return rhs;
    }
    auto f = std::make_shared<Filter>();
    f->kind = is_or ? Filter::Kind::Or : Filter::Kind::And;
    f->kids = {std::move(*lhs), std::move(*rhs)};
    lhs = std::move(f);
  }
  return lhs;
}

}  // namespace

Result<std::vector<Segment>> parse_segments(std::string_view text, size_t start, bool& definite,
                                            size_t& end) {
  Parser p(text, start);
  auto segs = p.segments(definite);
  end = p.position();
  return segs;
}

}  // namespace gw::jsonpath
