// Static checks over a parsed template (no inputs needed).
#include <array>
#include <span>

#include "core/base/strings.h"
#include "core/vtl/template.h"

namespace gw::vtl {

namespace {

constexpr std::array<std::string_view, 6> kInput = {"body",   "json",    "path",
                                                    "params", "getBody", "size"};
constexpr std::array<std::string_view, 6> kUtil = {
    "escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode"};

class Checker {
 public:
  explicit Checker(const Template& t) : t_(t) {}

  void block(const ast::Block& b) {
    for (const ast::Node& n : b) {
      node(n);
    }
  }
  std::vector<Error> take() { return std::move(errors_); }

 private:
  void node(const ast::Node& n) {
    if (n.kind == ast::Node::Kind::Ref || n.kind == ast::Node::Kind::EscapedRef ||
        n.kind == ast::Node::Kind::Set) {
      ref(n.ref);
    }
    if (n.expr) {
      expr(*n.expr);
    }
    for (const ast::Branch& b : n.branches) {
      expr(*b.cond);
      block(b.body);
    }
    block(n.else_body);
  }

  void expr(const ast::Expr& e) {
    if (e.kind == ast::Expr::Kind::Ref) {
      ref(e.ref);
    }
    if (e.parts) {
      block(*e.parts);
    }
    for (const auto& item : e.items) {
      expr(*item);
    }
  }

  void ref(const ast::Reference& r) {
    for (const ast::Suffix& s : r.suffixes) {
      for (const auto& a : s.args) {
        expr(*a);
      }
    }
    if (r.suffixes.empty() || (r.root != "input" && r.root != "util")) {
      return;
    }
    const ast::Suffix& first = r.suffixes.front();
    std::span<const std::string_view> known(r.root == "input" ? kInput.data() : kUtil.data(),
                                            r.root == "input" ? kInput.size() : kUtil.size());
    for (std::string_view k : known) {
      if (k == first.name) {
        return;
      }
    }
    Error e = t_.error_at(first.offset, ErrorKind::BadInput,
                          "unknown member $" + r.root + "." + first.name);
    std::string guess = did_you_mean(first.name, known);
    if (!guess.empty()) {
      e.hint = "did you mean $" + r.root + "." + guess + "?";
    }
    errors_.push_back(std::move(e));
  }

  const Template& t_;
  std::vector<Error> errors_;
};

}  // namespace

std::vector<Error> check(const Template& t) {
  Checker c(t);
  c.block(t.root());
  return c.take();
}

}  // namespace gw::vtl
