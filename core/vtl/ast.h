#pragma once

/// The syntax tree of a parsed template. Offsets are byte offsets into the template source;
/// the Template maps them to line:col for diagnostics.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/vtl/value.h"

namespace gw::vtl::ast {

struct Expr;
struct Node;
using ExprPtr = std::unique_ptr<Expr>;
using Block = std::vector<Node>;

/// One step of a reference chain: `.name`, `.name(args)` or `[expr]`.
struct Suffix {
  enum class Kind : uint8_t { Property, Method, Index };
  Kind kind = Kind::Property;
  std::string name;
  std::vector<ExprPtr> args;  ///< method arguments, or the single index expression
  uint32_t offset = 0;
};

/// `$root.a.b(x)[0]`, `$!root`, `${root.a}`.
struct Reference {
  std::string root;
  std::vector<Suffix> suffixes;
  bool quiet = false;
  std::string raw;  ///< the source text, rendered when the reference is undefined
  uint32_t offset = 0;
};

enum class Op : uint8_t { Or, And, Eq, Ne, Lt, Gt, Le, Ge, Add, Sub, Mul, Div, Mod, Not, Neg };

struct Expr {
  enum class Kind : uint8_t { Literal, Interpolated, List, Map, Range, Ref, Unary, Binary };
  Kind kind = Kind::Literal;
  Op op = Op::Add;
  Value literal;
  std::shared_ptr<Block> parts;  ///< Interpolated: the string's template
  std::vector<ExprPtr> items;    ///< List items; Map keys and values alternating; operands
  Reference ref;
  uint32_t offset = 0;
};

struct Branch {
  ExprPtr cond;
  Block body;
};

struct Node {
  enum class Kind : uint8_t { Text, Ref, EscapedRef, Set, If, Foreach, Break, Stop };
  Kind kind = Kind::Text;
  std::string text;              ///< Text; EscapedRef: the backslashes to print before it
  Reference ref;                 ///< Ref, EscapedRef, Set's target
  ExprPtr expr;                  ///< Set's value; Foreach's collection
  std::vector<Branch> branches;  ///< If: #if and each #elseif
  Block else_body;               ///< If's #else; Foreach's body
  std::string var;               ///< Foreach's loop variable
  uint32_t offset = 0;
};

}  // namespace gw::vtl::ast
