#include "core/vtl/parser.h"

#include <algorithm>

namespace gw::vtl::detail {

using ast::Block;
using ast::ExprPtr;
using ast::Node;

namespace {

constexpr int kMaxDepth = 200;

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

void flush_text(Block& out, std::string& text, uint32_t offset) {
  if (text.empty()) {
    return;
  }
  if (!out.empty() && out.back().kind == Node::Kind::Text) {
    out.back().text += text;
  } else {
    Node n;
    n.kind = Node::Kind::Text;
    n.offset = offset;
    n.text = std::move(text);
    out.push_back(std::move(n));
  }
  text.clear();
}

bool is_directive(std::string_view name) {
  return name == "set" || name == "if" || name == "elseif" || name == "else" || name == "end" ||
         name == "foreach" || name == "break" || name == "stop";
}
bool is_unsupported(std::string_view name) {
  return name == "macro" || name == "define" || name == "parse" || name == "include" ||
         name == "evaluate";
}

}  // namespace

bool Parser::starts_with(std::string_view s) const {
  return end_ - pos_ >= s.size() && src_.substr(pos_, s.size()) == s;
}

bool Parser::accept(std::string_view s) {
  if (!starts_with(s)) {
    return false;
  }
  pos_ += s.size();
  return true;
}

bool Parser::accept_word(std::string_view w) {
  if (!starts_with(w) || is_ident_char(peek(w.size()))) {
    return false;
  }
  pos_ += w.size();
  return true;
}

void Parser::skip_ws() {
  while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
    ++pos_;
  }
}

bool Parser::fail(uint32_t offset, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = {offset, std::move(message)};
  }
  return false;
}

bool Parser::expect(char c, const char* what, uint32_t opened) {
  skip_ws();
  if (peek() == c && !at_end()) {
    ++pos_;
    return true;
  }
  if (at_end() && opened != UINT32_MAX) {
    return fail(opened, std::string("never closed: expected ") + what +
                            " before the end of the template");
  }
  return fail(static_cast<uint32_t>(pos_), std::string("expected ") + what);
}

std::string Parser::identifier() {
  size_t start = pos_;
  while (!at_end() && is_ident_char(peek())) {
    ++pos_;
  }
  return std::string(src_.substr(start, pos_ - start));
}

std::optional<Block> Parser::parse_template() {
  Block root;
  Stop s = parse_block(root, false);
  if (failed_ || s != Stop::Eof) {
    return std::nullopt;
  }
  return root;
}

Parser::Stop Parser::parse_block(Block& out, bool nested) {
  if (++depth_ > kMaxDepth) {
    fail(static_cast<uint32_t>(pos_), "blocks nested too deeply");
    return Stop::None;
  }
  std::string text;
  Stop stop = Stop::None;
  while (!at_end() && stop == Stop::None) {
    if (text.empty()) {
      text_offset_ = static_cast<uint32_t>(pos_);
    }
    char c = peek();
    bool ok = true;
    if (c == '$') {
      ok = parse_dollar(out, text);
    } else if (c == '#') {
      ok = parse_hash(out, text, stop, nested);
    } else if (c == '\\') {
      parse_backslashes(out, text);
      ok = !failed_;
    } else {
      size_t next = src_.find_first_of("$#\\", pos_);
      next = std::min(next == std::string_view::npos ? end_ : next, end_);
      text.append(src_.substr(pos_, next - pos_));
      pos_ = next;
    }
    if (!ok) {
      return Stop::None;
    }
  }
  flush_text(out, text, text_offset_);
  --depth_;
  return stop == Stop::None ? Stop::Eof : stop;
}

bool Parser::parse_dollar(Block& out, std::string& text) {
  auto ref = parse_reference(true);
  if (failed_) {
    return false;
  }
  if (!ref) {
    text += '$';
    ++pos_;
    return true;
  }
  flush_text(out, text, text_offset_);
  Node n;
  n.kind = Node::Kind::Ref;
  n.offset = ref->offset;
  n.ref = std::move(*ref);
  out.push_back(std::move(n));
  return true;
}

void Parser::parse_backslashes(Block& out, std::string& text) {
  size_t start = pos_;
  while (peek() == '\\' && !at_end()) {
    ++pos_;
  }
  size_t n = pos_ - start;
  if (peek() == '$' && !at_end()) {
    auto ref = parse_reference(true);
    if (failed_ || !ref) {
      text.append(n, '\\');
      return;
    }
    text.append(n / 2, '\\');
    flush_text(out, text, text_offset_);
    Node node;
    node.kind = n % 2 ? Node::Kind::EscapedRef : Node::Kind::Ref;
    node.offset = ref->offset;
    node.ref = std::move(*ref);
    out.push_back(std::move(node));
    return;
  }
  if (peek() == '#' && !at_end()) {
    size_t save = pos_;
    ++pos_;
    bool braced = peek() == '{';
    pos_ += braced ? 1 : 0;
    std::string name = identifier();
    pos_ = save;
    if (is_directive(name)) {
      text.append(n / 2, '\\');
      if (n % 2) {
        text += '#';
        ++pos_;
      }
      return;
    }
  }
  text.append(n, '\\');
}

bool Parser::parse_hash(Block& out, std::string& text, Stop& stop, bool nested) {
  uint32_t start = static_cast<uint32_t>(pos_);
  if (starts_with("##")) {
    size_t nl = src_.find('\n', pos_);
    pos_ = (nl == std::string_view::npos || nl >= end_) ? end_ : nl + 1;
    return true;
  }
  if (starts_with("#*")) {
    size_t close = src_.find("*#", pos_ + 2);
    if (close == std::string_view::npos || close + 2 > end_) {
      return fail(start, "unterminated comment #*");
    }
    pos_ = close + 2;
    gobble_line();
    return true;
  }
  if (starts_with("#[[")) {
    size_t close = src_.find("]]#", pos_ + 3);
    if (close == std::string_view::npos || close + 3 > end_) {
      return fail(start, "unterminated #[[ ... ]]#");
    }
    text.append(src_.substr(pos_ + 3, close - pos_ - 3));
    pos_ = close + 3;
    return true;
  }
  ++pos_;
  bool braced = accept("{");
  std::string name = identifier();
  if (braced && !accept("}")) {
    name.clear();
  }
  if (is_unsupported(name)) {
    return fail(start, "#" + name + " is not supported in API Gateway templates");
  }
  if (!is_directive(name)) {
    pos_ = start + 1;
    text += '#';
    return true;
  }
  return parse_directive(name, start, out, text, stop, nested);
}

bool Parser::parse_directive(const std::string& name, uint32_t start, Block& out, std::string& text,
                             Stop& stop, bool nested) {
  if (name == "if") {
    return parse_if(start, out, text);
  }
  if (name == "foreach") {
    return parse_foreach(start, out, text);
  }
  if (name == "set") {
    return parse_set(start, out, text);
  }
  if (name == "break" || name == "stop") {
    size_t save = pos_;
    if (accept("(")) {  // #break($foreach)
      size_t close = src_.find(')', pos_);
      pos_ = (close == std::string_view::npos || close >= end_) ? save : close + 1;
    }
    gobble_line();
    flush_text(out, text, text_offset_);
    Node n;
    n.kind = name == "break" ? Node::Kind::Break : Node::Kind::Stop;
    n.offset = start;
    out.push_back(std::move(n));
    return true;
  }
  if (!nested) {
    return fail(start, "#" + name + " without a matching #if or #foreach");
  }
  if (name == "elseif") {
    size_t save = pos_;
    skip_ws();
    if (peek() != '(') {
      pos_ = save;
      return fail(start, "expected '(' after #elseif");
    }
    ++pos_;
    pending_cond_ = parse_expr();
    if (!pending_cond_ || !expect(')', "')' to close #elseif")) {
      return false;
    }
  }
  gobble_line();
  flush_text(out, text, text_offset_);
  stop = name == "end" ? Stop::End : name == "else" ? Stop::Else : Stop::ElseIf;
  return true;
}

void Parser::gobble_line() {
  size_t a = pos_;
  while (a < end_ && (src_[a] == ' ' || src_[a] == '\t')) {
    ++a;
  }
  if (a < end_ && src_[a] == '\n') {
    pos_ = a + 1;
  } else if (a + 1 < end_ && src_[a] == '\r' && src_[a + 1] == '\n') {
    pos_ = a + 2;
  }
}

bool Parser::parse_if(uint32_t start, Block& out, std::string& text) {
  skip_ws();
  if (peek() != '(') {
    return fail(start, "expected '(' after #if");
  }
  ++pos_;
  Node node;
  node.kind = Node::Kind::If;
  node.offset = start;
  ExprPtr cond = parse_expr();
  if (!cond || !expect(')', "')' to close #if", start)) {
    return false;
  }
  gobble_line();
  flush_text(out, text, text_offset_);
  bool seen_else = false;
  while (true) {
    Block body;
    Stop s = parse_block(body, true);
    if (failed_) {
      return false;
    }
    if (s == Stop::Eof) {
      return fail(start, "#if without #end");
    }
    if (seen_else) {
      if (s != Stop::End) {
        return fail(start, "#else must be the last branch of #if");
      }
      node.else_body = std::move(body);
      break;
    }
    node.branches.push_back({std::move(cond), std::move(body)});
    if (s == Stop::End) {
      break;
    }
    seen_else = s == Stop::Else;
    cond = std::move(pending_cond_);
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parse_foreach(uint32_t start, Block& out, std::string& text) {
  skip_ws();
  if (!accept("(")) {
    return fail(start, "expected '(' after #foreach");
  }
  skip_ws();
  if (!accept("$")) {
    return fail(static_cast<uint32_t>(pos_), "expected the loop variable ($name)");
  }
  bool braced = accept("{");
  Node node;
  node.kind = Node::Kind::Foreach;
  node.offset = start;
  node.var = identifier();
  if (node.var.empty() || (braced && !accept("}"))) {
    return fail(static_cast<uint32_t>(pos_), "expected the loop variable ($name)");
  }
  skip_ws();
  if (!accept_word("in")) {
    return fail(static_cast<uint32_t>(pos_), "expected 'in' in #foreach");
  }
  node.expr = parse_expr();
  if (!node.expr || !expect(')', "')' to close #foreach", node.offset)) {
    return false;
  }
  gobble_line();
  flush_text(out, text, text_offset_);
  Stop s = parse_block(node.else_body, true);
  if (failed_) {
    return false;
  }
  if (s != Stop::End) {
    return fail(start, "#foreach without #end");
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parse_set(uint32_t start, Block& out, std::string& text) {
  skip_ws();
  if (!accept("(")) {
    return fail(start, "expected '(' after #set");
  }
  skip_ws();
  if (peek() != '$') {
    return fail(static_cast<uint32_t>(pos_), "expected a reference to assign to");
  }
  auto ref = parse_reference(false);
  if (!ref) {
    return fail(static_cast<uint32_t>(pos_), "expected a reference to assign to");
  }
  if (!ref->suffixes.empty() && ref->suffixes.back().kind == ast::Suffix::Kind::Method) {
    return fail(ref->offset, "cannot assign to a method call");
  }
  if (!expect('=', "'=' in #set")) {
    return false;
  }
  Node node;
  node.kind = Node::Kind::Set;
  node.offset = start;
  node.ref = std::move(*ref);
  node.expr = parse_expr();
  if (!node.expr || !expect(')', "')' to close #set", node.offset)) {
    return false;
  }
  gobble_line();
  flush_text(out, text, text_offset_);
  out.push_back(std::move(node));
  return true;
}

}  // namespace gw::vtl::detail
