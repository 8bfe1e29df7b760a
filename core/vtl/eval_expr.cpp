// Expression evaluation: operators, references and their property/method/index chains.
#include <cctype>
#include <cmath>
#include <cstdint>

#include "core/vtl/eval.h"

namespace gw::vtl::detail {

using ast::Expr;
using ast::Op;
using ast::Suffix;

bool truthy(const Value& v) {
  if (v.is_null()) {
    return false;
  }
  if (v.kind() == Value::Kind::Bool) {
    return v.as_bool();
  }
  return true;
}

bool velocity_equals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    // API Gateway: a JSONPath matching nothing is both == $null and == "" (fact 37).
    const Value& other = a.is_null() ? b : a;
    return other.is_null() || (other.is_string() && other.as_string().empty());
  }
  if (a.is_number() && b.is_number()) {
    return values_equal(a, b);
  }
  if (a.kind() == b.kind()) {
    return values_equal(a, b);
  }
  return a.str() == b.str();
}

namespace {

Value arithmetic(Op op, const Value& a, const Value& b) {
  if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) {
    int64_t x = a.as_int();
    int64_t y = b.as_int();
    int64_t r = 0;
    switch (op) {
      case Op::Add:
        return __builtin_add_overflow(x, y, &r) ? Value(double(x) + double(y)) : Value(r);
      case Op::Sub:
        return __builtin_sub_overflow(x, y, &r) ? Value(double(x) - double(y)) : Value(r);
      case Op::Mul:
        return __builtin_mul_overflow(x, y, &r) ? Value(double(x) * double(y)) : Value(r);
      case Op::Div:
        return y == 0 || (x == INT64_MIN && y == -1) ? Value() : Value(x / y);
      default:
        return y == 0 || (x == INT64_MIN && y == -1) ? Value() : Value(x % y);
    }
  }
  double x = a.as_double();
  double y = b.as_double();
  switch (op) {
    case Op::Add:
      return Value(x + y);
    case Op::Sub:
      return Value(x - y);
    case Op::Mul:
      return Value(x * y);
    case Op::Div:
      return y == 0 ? Value() : Value(x / y);
    default:
      return y == 0 ? Value() : Value(std::fmod(x, y));
  }
}

bool compare(Op op, const Value& a, const Value& b) {
  double x = a.as_double();
  double y = b.as_double();
  if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) {
    int64_t i = a.as_int();
    int64_t j = b.as_int();
    return op == Op::Lt ? i < j : op == Op::Gt ? i > j : op == Op::Le ? i <= j : i >= j;
  }
  return op == Op::Lt ? x < y : op == Op::Gt ? x > y : op == Op::Le ? x <= y : x >= y;
}

std::string capitalized(std::string_view prefix, std::string_view name) {
  std::string s(prefix);
  s += name;
  s[prefix.size()] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[prefix.size()])));
  return s;
}

}  // namespace

Result<Value> Evaluator::eval_binary(const Expr& e) {
  auto lhs = eval(*e.items[0]);
  if (!lhs) {
    return lhs;
  }
  if (e.op == Op::And || e.op == Op::Or) {
    bool l = truthy(*lhs);
    if (e.op == Op::And ? !l : l) {
      return Value(l);
    }
    auto rhs = eval(*e.items[1]);
    if (!rhs) {
      return rhs;
    }
    return Value(truthy(*rhs));
  }
  auto rhs = eval(*e.items[1]);
  if (!rhs) {
    return rhs;
  }
  const Value& a = *lhs;
  const Value& b = *rhs;
  switch (e.op) {
    case Op::Eq:
      return Value(velocity_equals(a, b));
    case Op::Ne:
      return Value(!velocity_equals(a, b));
    case Op::Lt:
    case Op::Gt:
    case Op::Le:
    case Op::Ge:
      if (a.is_number() && b.is_number()) {
        return Value(compare(e.op, a, b));
      }
      if (a.is_string() && b.is_string()) {  // Comparable strings
        int c = a.as_string().compare(b.as_string());
        return Value(e.op == Op::Lt   ? c < 0
                     : e.op == Op::Gt ? c > 0
                     : e.op == Op::Le ? c <= 0
                                      : c >= 0);
      }
      return Value(false);
    case Op::Add:
      if ((a.is_string() && !b.is_null()) || (b.is_string() && !a.is_null())) {
        Value joined(a.str() + b.str());  // Velocity concatenates when a side is a string
        GW_TRY(charge(joined.as_string().size(), e.offset));
        return joined;
      }
      [[fallthrough]];
    default:
      if (a.is_number() && b.is_number()) {
        return arithmetic(e.op, a, b);
      }
      return Value();
  }
}

Result<Value> Evaluator::eval_range(const Expr& e) {
  auto from = eval(*e.items[0]);
  if (!from) {
    return from;
  }
  auto to = eval(*e.items[1]);
  if (!to) {
    return to;
  }
  if (from->kind() != Value::Kind::Int || to->kind() != Value::Kind::Int) {
    return Value();
  }
  int64_t a = from->as_int();
  int64_t b = to->as_int();
  uint64_t n = static_cast<uint64_t>(a <= b ? b - a : a - b) + 1;
  if (n > in_.limits.total_iterations) {
    return std::unexpected(error(
        e.offset, "range [" + std::to_string(a) + ".." + std::to_string(b) + "] is too large"));
  }
  Value out = Value::new_list();
  auto& items = out.as_list().items;
  items.reserve(n);
  for (int64_t i = a;; i += a <= b ? 1 : -1) {
    items.emplace_back(i);
    if (i == b) {
      break;
    }
  }
  return out;
}

Result<Value> Evaluator::eval(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Literal:
      return e.literal;
    case Expr::Kind::Interpolated: {
      auto s = interpolate(*e.parts, e.offset);
      if (!s) {
        return std::unexpected(std::move(s).error());
      }
      return Value(std::move(*s));
    }
    case Expr::Kind::List: {
      Value out = Value::new_list();
      for (const auto& item : e.items) {
        auto v = eval(*item);
        if (!v) {
          return v;
        }
        out.as_list().items.push_back(std::move(*v));
      }
      return out;
    }
    case Expr::Kind::Map: {
      Value out = Value::new_map();
      for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
        auto k = eval(*e.items[i]);
        if (!k) {
          return k;
        }
        auto v = eval(*e.items[i + 1]);
        if (!v) {
          return v;
        }
        out.as_map().put(k->str(), std::move(*v));
      }
      return out;
    }
    case Expr::Kind::Range:
      return eval_range(e);
    case Expr::Kind::Ref:
      return eval_ref(e.ref, e.ref.suffixes.size());
    case Expr::Kind::Unary: {
      auto v = eval(*e.items[0]);
      if (!v) {
        return v;
      }
      if (e.op == Op::Not) {
        return Value(!truthy(*v));
      }
      if (v->kind() == Value::Kind::Int) {
        return Value(-v->as_int());
      }
      return v->kind() == Value::Kind::Double ? Value(-v->as_double()) : Value();
    }
    case Expr::Kind::Binary:
      return eval_binary(e);
  }
  return Value();
}

Result<std::string> Evaluator::interpolate(const ast::Block& parts, uint32_t offset) {
  if (++depth_ > in_.limits.max_depth) {
    --depth_;
    return std::unexpected(error(offset, "templates nested too deeply"));
  }
  std::string out;
  auto flow = exec_block(parts, out);
  --depth_;
  if (!flow) {
    return std::unexpected(std::move(flow).error());
  }
  GW_TRY(charge(out.size(), offset));
  return out;
}

Result<Value> Evaluator::eval_ref(const ast::Reference& ref, size_t suffix_count) {
  Value v = lookup(ref.root);
  for (size_t i = 0; i < suffix_count && !v.is_null(); ++i) {
    auto next = apply(v, ref.suffixes[i]);
    if (!next) {
      return next;
    }
    v = std::move(*next);
  }
  return v;
}

Result<Value> Evaluator::apply(const Value& target, const Suffix& s) {
  std::vector<Value> args;
  args.reserve(s.args.size());
  for (const auto& a : s.args) {
    auto v = eval(*a);
    if (!v) {
      return v;
    }
    args.push_back(std::move(*v));
  }
  if (s.kind == Suffix::Kind::Index) {
    const Value& key = args[0];
    if (target.kind() == Value::Kind::List && key.kind() == Value::Kind::Int) {
      const auto& items = target.as_list().items;
      int64_t i = key.as_int();
      return i >= 0 && static_cast<size_t>(i) < items.size() ? items[static_cast<size_t>(i)]
                                                             : Value();
    }
    if (target.kind() == Value::Kind::Map && !key.is_null()) {
      const Value* found = target.as_map().find(key.str());
      return found ? *found : Value();
    }
    return Value();
  }
  if (target.kind() == Value::Kind::Builtin) {
    return call_builtin(*this, target.as_builtin(), s.name, args, s.offset);
  }
  if (s.kind == Suffix::Kind::Method) {
    return call_method(*this, target, s.name, args, s.offset);
  }
  // Property: a map key, else the Java bean getter getX() / isX().
  if (target.kind() == Value::Kind::Map) {
    if (const Value* found = target.as_map().find(s.name)) {
      return *found;
    }
  }
  auto got = call_method(*this, target, capitalized("get", s.name), args, s.offset);
  if (!got || !got->is_null()) {
    return got;
  }
  return call_method(*this, target, capitalized("is", s.name), args, s.offset);
}

}  // namespace gw::vtl::detail

namespace gw::vtl {

Result<std::string> render(const Template& t, const Inputs& in, Outputs* out) {
  detail::Evaluator ev(t, in);
  auto text = ev.run();
  if (text && out != nullptr) {
    ev.collect(*out);
  }
  return text;
}

}  // namespace gw::vtl
