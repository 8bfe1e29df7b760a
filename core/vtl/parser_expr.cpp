// References and expressions: the parts of the parser inside `$...` and directive arguments.
#include <charconv>
#include <span>

#include "core/vtl/parser.h"

namespace gw::vtl::detail {

using ast::Expr;
using ast::ExprPtr;
using ast::Op;
using ast::Suffix;

namespace {

constexpr int kMaxExprDepth = 200;

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

ExprPtr make_expr(Expr::Kind kind, size_t offset) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->offset = static_cast<uint32_t>(offset);
  return e;
}

ExprPtr make_binary(Op op, ExprPtr lhs, ExprPtr rhs, size_t offset) {
  auto e = make_expr(Expr::Kind::Binary, offset);
  e->op = op;
  e->items.push_back(std::move(lhs));
  e->items.push_back(std::move(rhs));
  return e;
}

struct OpSpelling {
  std::string_view text;
  bool word;
  Op op;
};

// Binary operators by precedence level, lowest first; two-character symbols before one.
constexpr OpSpelling kLevel0[] = {{"||", false, Op::Or}, {"or", true, Op::Or}};
constexpr OpSpelling kLevel1[] = {{"&&", false, Op::And}, {"and", true, Op::And}};
constexpr OpSpelling kLevel2[] = {
    {"==", false, Op::Eq}, {"!=", false, Op::Ne}, {"eq", true, Op::Eq}, {"ne", true, Op::Ne}};
constexpr OpSpelling kLevel3[] = {
    {"<=", false, Op::Le}, {">=", false, Op::Ge}, {"<", false, Op::Lt}, {">", false, Op::Gt},
    {"le", true, Op::Le},  {"ge", true, Op::Ge},  {"lt", true, Op::Lt}, {"gt", true, Op::Gt}};
constexpr OpSpelling kLevel4[] = {{"+", false, Op::Add}, {"-", false, Op::Sub}};
constexpr OpSpelling kLevel5[] = {
    {"*", false, Op::Mul}, {"/", false, Op::Div}, {"%", false, Op::Mod}};

std::span<const OpSpelling> level_ops(int level) {
  switch (level) {
    case 0:
      return kLevel0;
    case 1:
      return kLevel1;
    case 2:
      return kLevel2;
    case 3:
      return kLevel3;
    case 4:
      return kLevel4;
    default:
      return kLevel5;
  }
}

}  // namespace

std::optional<ast::Reference> Parser::parse_reference(bool in_text) {
  size_t start = pos_;
  ++pos_;  // '$'
  ast::Reference ref;
  ref.offset = static_cast<uint32_t>(start);
  ref.quiet = accept("!");
  bool braced = accept("{");
  if (!is_ident_start(peek()) || at_end()) {
    pos_ = start;
    return std::nullopt;
  }
  ref.root = identifier();
  if (!parse_suffixes(ref, in_text, braced)) {
    return std::nullopt;
  }
  if (braced && !accept("}")) {
    if (in_text) {
      pos_ = start;
      return std::nullopt;
    }
    fail(static_cast<uint32_t>(pos_), "expected '}' to close ${");
    return std::nullopt;
  }
  ref.raw = std::string(src_.substr(start, pos_ - start));
  return ref;
}

bool Parser::parse_suffixes(ast::Reference& ref, bool in_text, bool braced) {
  (void)braced;
  while (!at_end()) {
    Suffix s;
    s.offset = static_cast<uint32_t>(pos_);
    if (peek() == '.' && is_ident_start(peek(1))) {
      ++pos_;
      s.name = identifier();
      if (peek() == '(' && !at_end()) {
        ++pos_;
        s.kind = Suffix::Kind::Method;
        if (!parse_args(s.args, ')')) {
          return false;
        }
      }
    } else if (peek() == '[' && !at_end()) {
      size_t save = pos_;
      ++pos_;
      s.kind = Suffix::Kind::Index;
      ExprPtr index = parse_expr();
      if (!index || !expect(']', "']' to close the index")) {
        if (in_text) {  // "$a[" in text is literal text
          failed_ = false;
          pos_ = save;
          return true;
        }
        return false;
      }
      s.args.push_back(std::move(index));
    } else {
      return true;
    }
    ref.suffixes.push_back(std::move(s));
  }
  return true;
}

bool Parser::parse_args(std::vector<ExprPtr>& args, char close) {
  skip_ws();
  if (peek() == close && !at_end()) {
    ++pos_;
    return true;
  }
  while (true) {
    ExprPtr e = parse_expr();
    if (!e) {
      return false;
    }
    args.push_back(std::move(e));
    skip_ws();
    if (accept(",")) {
      continue;
    }
    if (peek() == close && !at_end()) {
      ++pos_;
      return true;
    }
    return fail(static_cast<uint32_t>(pos_), std::string("expected ',' or '") + close + "'");
  }
}

ExprPtr Parser::parse_expr() {
  if (++depth_ > kMaxExprDepth) {
    fail(static_cast<uint32_t>(pos_), "expression nested too deeply");
    return nullptr;
  }
  ExprPtr e = parse_binary(0);
  --depth_;
  return e;
}

ExprPtr Parser::parse_binary(int level) {
  ExprPtr lhs = level == 5 ? parse_unary() : parse_binary(level + 1);
  while (lhs) {
    skip_ws();
    size_t at = pos_;
    const OpSpelling* found = nullptr;
    for (const OpSpelling& o : level_ops(level)) {
      if (o.word ? accept_word(o.text) : accept(o.text)) {
        found = &o;
        break;
      }
    }
    if (found == nullptr) {
      break;
    }
    ExprPtr rhs = level == 5 ? parse_unary() : parse_binary(level + 1);
    if (!rhs) {
      return nullptr;
    }
    lhs = make_binary(found->op, std::move(lhs), std::move(rhs), at);
  }
  return lhs;
}

ExprPtr Parser::parse_unary() {
  skip_ws();
  size_t at = pos_;
  bool is_not = accept("!") || accept_word("not");
  if (is_not || (peek() == '-' && !at_end() && (++pos_, true))) {
    if (++depth_ > kMaxExprDepth) {
      fail(static_cast<uint32_t>(at), "expression nested too deeply");
      return nullptr;
    }
    ExprPtr operand = parse_unary();
    --depth_;
    if (!operand) {
      return nullptr;
    }
    if (!is_not && operand->kind == Expr::Kind::Literal && operand->literal.is_number()) {
      const Value& v = operand->literal;
      operand->literal = v.kind() == Value::Kind::Int ? Value(-v.as_int()) : Value(-v.as_double());
      return operand;
    }
    auto e = make_expr(Expr::Kind::Unary, at);
    e->op = is_not ? Op::Not : Op::Neg;
    e->items.push_back(std::move(operand));
    return e;
  }
  return parse_primary();
}

ExprPtr Parser::parse_primary() {
  skip_ws();
  size_t at = pos_;
  char c = at_end() ? '\0' : peek();
  if (c == '(') {
    ++pos_;
    ExprPtr e = parse_expr();
    if (!e || !expect(')', "')'")) {
      return nullptr;
    }
    return e;
  }
  if (c == '$') {
    auto ref = parse_reference(false);
    if (!ref) {
      fail(static_cast<uint32_t>(at), "expected a reference after '$'");
      return nullptr;
    }
    auto e = make_expr(Expr::Kind::Ref, at);
    e->ref = std::move(*ref);
    return e;
  }
  if (c == '"' || c == '\'') {
    return parse_string(c);
  }
  if (is_digit(c)) {
    return parse_number();
  }
  if (c == '[') {
    return parse_list();
  }
  if (c == '{') {
    return parse_map();
  }
  for (auto [word, value] : {std::pair{"true", Value(true)}, std::pair{"false", Value(false)},
                             std::pair{"null", Value()}}) {
    if (accept_word(word)) {
      auto e = make_expr(Expr::Kind::Literal, at);
      e->literal = value;
      return e;
    }
  }
  fail(static_cast<uint32_t>(at),
       at_end() ? "unexpected end of template in an expression" : "expected an expression");
  return nullptr;
}

ExprPtr Parser::parse_string(char quote) {
  size_t at = pos_;
  // Velocity 1.7 tokenises \" (and \') without ending the string, and keeps it verbatim.
  size_t close = pos_ + 1;
  while (close < end_ && src_[close] != quote) {
    close += src_[close] == '\\' && close + 1 < end_ ? 2 : 1;
  }
  if (close >= end_) {  // no escaped reading closes it: the first quote does ('a\')
    close = src_.find(quote, at + 1);
  }
  if (close == std::string_view::npos || close >= end_) {
    fail(static_cast<uint32_t>(at), "unterminated string literal");
    return nullptr;
  }
  std::string_view content = src_.substr(at + 1, close - at - 1);
  if (quote == '\'' || content.find_first_of("$#\\") == std::string_view::npos) {
    pos_ = close + 1;
    auto e = make_expr(Expr::Kind::Literal, at);
    e->literal = Value(std::string(content));
    return e;
  }
  size_t saved_end = end_;
  end_ = close;
  pos_ = at + 1;
  auto parts = std::make_shared<ast::Block>();
  Stop s = parse_block(*parts, false);
  end_ = saved_end;
  if (failed_ || s != Stop::Eof) {
    return nullptr;
  }
  pos_ = close + 1;
  auto e = make_expr(Expr::Kind::Interpolated, at);
  e->parts = std::move(parts);
  return e;
}

ExprPtr Parser::parse_number() {
  size_t at = pos_;
  while (is_digit(peek()) && !at_end()) {
    ++pos_;
  }
  bool is_double = peek() == '.' && is_digit(peek(1)) && pos_ + 1 < end_;
  if (is_double) {
    ++pos_;
    while (is_digit(peek()) && !at_end()) {
      ++pos_;
    }
  }
  auto e = make_expr(Expr::Kind::Literal, at);
  const char* first = src_.data() + at;
  const char* last = src_.data() + pos_;
  if (!is_double) {
    int64_t i = 0;
    if (std::from_chars(first, last, i).ec == std::errc()) {
      e->literal = Value(i);
      return e;
    }
  }
  double d = 0;
  std::from_chars(first, last, d);
  e->literal = Value(d);
  return e;
}

ExprPtr Parser::parse_list() {
  size_t at = pos_;
  ++pos_;
  skip_ws();
  auto e = make_expr(Expr::Kind::List, at);
  if (accept("]")) {
    return e;
  }
  ExprPtr first = parse_expr();
  if (!first) {
    return nullptr;
  }
  skip_ws();
  if (accept("..")) {
    ExprPtr last = parse_expr();
    if (!last || !expect(']', "']' to close the range")) {
      return nullptr;
    }
    e->kind = Expr::Kind::Range;
    e->items.push_back(std::move(first));
    e->items.push_back(std::move(last));
    return e;
  }
  e->items.push_back(std::move(first));
  if (accept(",")) {
    if (!parse_args(e->items, ']')) {
      return nullptr;
    }
    return e;
  }
  if (!expect(']', "',' or ']' in the list")) {
    return nullptr;
  }
  return e;
}

ExprPtr Parser::parse_map() {
  size_t at = pos_;
  ++pos_;
  skip_ws();
  auto e = make_expr(Expr::Kind::Map, at);
  if (accept("}")) {
    return e;
  }
  while (true) {
    ExprPtr key = parse_expr();
    if (!key || !expect(':', "':' after the map key")) {
      return nullptr;
    }
    ExprPtr value = parse_expr();
    if (!value) {
      return nullptr;
    }
    e->items.push_back(std::move(key));
    e->items.push_back(std::move(value));
    skip_ws();
    if (accept(",")) {
      continue;
    }
    if (!expect('}', "',' or '}' in the map")) {
      return nullptr;
    }
    return e;
  }
}

}  // namespace gw::vtl::detail
