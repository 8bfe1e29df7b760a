#pragma once

/// Internal: the recursive-descent parser behind vtl::parse().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/vtl/ast.h"

namespace gw::vtl::detail {

struct ParseError {
  uint32_t offset = 0;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view src) : src_(src), end_(src.size()) {}

  /// The whole template; nullopt with error() set on failure.
  std::optional<ast::Block> parse_template();
  const ParseError& error() const { return error_; }

 private:
  enum class Stop : uint8_t { None, End, Else, ElseIf, Eof };

  Stop parse_block(ast::Block& out, bool nested);
  bool parse_dollar(ast::Block& out, std::string& text);
  bool parse_hash(ast::Block& out, std::string& text, Stop& stop, bool nested);
  void parse_backslashes(ast::Block& out, std::string& text);
  bool parse_directive(const std::string& name, uint32_t start, ast::Block& out, std::string& text,
                       Stop& stop, bool nested);
  bool parse_if(uint32_t start, ast::Block& out, std::string& text);
  bool parse_foreach(uint32_t start, ast::Block& out, std::string& text);
  bool parse_set(uint32_t start, ast::Block& out, std::string& text);

  std::optional<ast::Reference> parse_reference(bool in_text);
  bool parse_suffixes(ast::Reference& ref, bool in_text, bool braced);
  bool parse_args(std::vector<ast::ExprPtr>& args, char close);

  ast::ExprPtr parse_expr();
  ast::ExprPtr parse_binary(int level);
  ast::ExprPtr parse_unary();
  ast::ExprPtr parse_primary();
  ast::ExprPtr parse_string(char quote);
  ast::ExprPtr parse_number();
  ast::ExprPtr parse_list();
  ast::ExprPtr parse_map();

  // Lexing helpers.
  bool at_end() const { return pos_ >= end_; }
  char peek(size_t ahead = 0) const { return pos_ + ahead < end_ ? src_[pos_ + ahead] : '\0'; }
  bool starts_with(std::string_view s) const;
  bool accept(std::string_view s);
  bool accept_word(std::string_view w);
  void skip_ws();
  /// Consumes c or fails with "expected <what>"; when the template ends first, the error points
  /// at `opened` (the directive that is never closed) when given.
  bool expect(char c, const char* what, uint32_t opened = UINT32_MAX);
  std::string identifier();
  bool fail(uint32_t offset, std::string message);
  /// Velocity 1.7 (and velocityjs): spaces and one line end after a directive are dropped;
  /// the indentation before it is kept.
  void gobble_line();

  std::string_view src_;
  size_t end_;
  size_t pos_ = 0;
  int depth_ = 0;
  uint32_t text_offset_ = 0;   ///< where the pending text run started
  ast::ExprPtr pending_cond_;  ///< the condition of the #elseif that ended a block
  ParseError error_;
  bool failed_ = false;
};

}  // namespace gw::vtl::detail
