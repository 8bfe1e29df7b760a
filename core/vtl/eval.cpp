#include "core/vtl/eval.h"

namespace gw::vtl::detail {

using ast::Block;
using ast::Expr;
using ast::Node;
using ast::Suffix;

namespace {

/// A fresh copy of a nested map, so #set on it does not touch the caller's tree.
Value copy_map(const Value* v) {
  Value out = Value::new_map();
  if (v != nullptr && v->kind() == Value::Kind::Map) {
    for (const auto& [k, e] : v->as_map().entries) {
      out.as_map().put(k, e.kind() == Value::Kind::Map ? copy_map(&e) : e);
    }
  }
  return out;
}

void read_params(const Value& m, std::string_view key, Params& out) {
  const Value* sub = m.as_map().find(key);
  if (sub == nullptr || sub->kind() != Value::Kind::Map) {
    return;
  }
  for (const auto& [k, v] : sub->as_map().entries) {
    if (!v.is_null()) {
      out.emplace_back(k, v.str());
    }
  }
}

}  // namespace

Evaluator::Evaluator(const Template& t, const Inputs& in) : breaker_(), t_(t), in_(in) {
  // $context is copied one level deep; the override maps are copied fully (templates #set them).
  context_ = Value::new_map();
  if (in.context.kind() == Value::Kind::Map) {
    context_.as_map().entries = in.context.as_map().entries;
  }
  Map& ctx = context_.as_map();
  Value response = copy_map(ctx.find("responseOverride"));
  if (response.as_map().find("header") == nullptr) {
    response.as_map().put("header", Value::new_map());
  }
  ctx.put("responseOverride", response);
  Value request = copy_map(ctx.find("requestOverride"));
  for (const char* k : {"header", "path", "querystring"}) {
    if (request.as_map().find(k) == nullptr) {
      request.as_map().put(k, Value::new_map());
    }
  }
  ctx.put("requestOverride", request);
}

Error Evaluator::error(uint32_t offset, std::string message, ErrorKind kind) const {
  return t_.error_at(offset, kind, std::move(message));
}

std::optional<std::pair<size_t, size_t>> Evaluator::loop() const {
  if (loops_.empty()) {
    return std::nullopt;
  }
  return std::pair{loops_.back().index, loops_.back().size};
}

Result<std::string> Evaluator::run() {
  std::string out;
  out.reserve(t_.source().size() + 64);
  auto flow = exec_block(t_.root(), out);
  if (!flow) {
    return std::unexpected(std::move(flow).error());
  }
  return out;
}

void Evaluator::collect(Outputs& out) const {
  const Map& ctx = context_.as_map();
  if (const Value* r = ctx.find("responseOverride"); r && r->kind() == Value::Kind::Map) {
    const Value* status = r->as_map().find("status");
    if (status != nullptr && status->kind() == Value::Kind::Int) {
      out.status_override = static_cast<int>(status->as_int());
    } else if (status != nullptr && status->is_string()) {
      try {
        out.status_override = std::stoi(status->as_string());
      } catch (const std::exception&) {
        out.status_override.reset();
      }
    }
    read_params(*r, "header", out.response_headers);
  }
  if (const Value* r = ctx.find("requestOverride"); r && r->kind() == Value::Kind::Map) {
    read_params(*r, "header", out.request_headers);
    read_params(*r, "path", out.request_path);
    read_params(*r, "querystring", out.request_query);
  }
}

Result<void> Evaluator::charge(size_t bytes, uint32_t offset) {
  allocated_ += bytes;
  if (allocated_ > in_.limits.max_allocated) {
    return std::unexpected(error(offset, "template builds more than " +
                                             std::to_string(in_.limits.max_allocated >> 20) +
                                             " MiB of values"));
  }
  return {};
}

Result<void> Evaluator::check_output(const std::string& out, uint32_t offset) const {
  if (out.size() > in_.limits.max_output) {
    return std::unexpected(error(
        offset, "template output exceeds " + std::to_string(in_.limits.max_output) + " bytes"));
  }
  return {};
}

Result<Evaluator::Flow> Evaluator::exec_block(const Block& block, std::string& out) {
  for (const Node& n : block) {
    auto flow = exec_node(n, out);
    if (!flow || *flow != Flow::Normal) {
      return flow;
    }
  }
  return Flow::Normal;
}

Result<Evaluator::Flow> Evaluator::exec_node(const Node& n, std::string& out) {
  switch (n.kind) {
    case Node::Kind::Text:
      out += n.text;
      GW_TRY(check_output(out, n.offset));
      return Flow::Normal;
    case Node::Kind::Ref:
    case Node::Kind::EscapedRef:
      GW_TRY(render_ref(n, out));
      return Flow::Normal;
    case Node::Kind::Set:
      GW_TRY(exec_set(n));
      return Flow::Normal;
    case Node::Kind::If:
      for (const ast::Branch& b : n.branches) {
        auto cond = eval(*b.cond);
        if (!cond) {
          return std::unexpected(std::move(cond).error());
        }
        if (truthy(*cond)) {
          return exec_block(b.body, out);
        }
      }
      return exec_block(n.else_body, out);
    case Node::Kind::Foreach:
      return exec_foreach(n, out);
    case Node::Kind::Break:
      return Flow::Break;
    case Node::Kind::Stop:
      return Flow::Stop;
  }
  return Flow::Normal;
}

Result<void> Evaluator::render_ref(const Node& n, std::string& out) {
  auto v = eval_ref(n.ref, n.ref.suffixes.size());
  if (!v) {
    return std::unexpected(std::move(v).error());
  }
  if (n.kind == Node::Kind::EscapedRef) {
    out += n.text;
    out += v->is_null() ? "\\" + n.ref.raw : n.ref.raw;
  } else if (!v->is_null()) {
    v->append_to(out, in_.limits.max_output);
  } else if (!n.ref.quiet) {
    out += n.ref.raw;
  }
  return check_output(out, n.offset);
}

Result<Evaluator::Flow> Evaluator::exec_foreach(const Node& n, std::string& out) {
  auto coll = eval(*n.expr);
  if (!coll) {
    return std::unexpected(std::move(coll).error());
  }
  std::vector<Value> snapshot;
  if (coll->kind() == Value::Kind::List) {
    snapshot = coll->as_list().items;
  } else if (coll->kind() == Value::Kind::Map) {
    for (const auto& [k, v] : coll->as_map().entries) {
      snapshot.push_back(v);
    }
  } else {
    return Flow::Normal;  // Velocity skips loops over non-collections
  }
  Value* existing = find_var(n.var);
  std::optional<Value> saved = existing ? std::optional<Value>(*existing) : std::nullopt;
  size_t count = std::min<size_t>(snapshot.size(), in_.limits.foreach_max);  // fact 42
  loops_.push_back({0, count});
  Flow result = Flow::Normal;
  for (size_t i = 0; i < count; ++i) {
    if (++iterations_ > in_.limits.total_iterations) {
      loops_.pop_back();
      return std::unexpected(error(n.offset, "template loops exceed " +
                                                 std::to_string(in_.limits.total_iterations) +
                                                 " iterations in total"));
    }
    loops_.back().index = i;
    if (Value* var = find_var(n.var)) {
      *var = snapshot[i];
    } else {
      vars_.emplace_back(n.var, snapshot[i]);
    }
    auto flow = exec_block(n.else_body, out);
    if (!flow) {
      loops_.pop_back();
      return flow;
    }
    if (*flow == Flow::Stop) {
      result = Flow::Stop;
      break;
    }
    if (*flow == Flow::Break) {
      break;
    }
  }
  loops_.pop_back();
  Value* var = find_var(n.var);
  if (saved) {
    *var = std::move(*saved);
  } else if (var != nullptr) {
    *var = Value();
  }
  return result;
}

Result<void> Evaluator::exec_set(const Node& n) {
  auto value = eval(*n.expr);
  if (!value) {
    return std::unexpected(std::move(value).error());
  }
  if (value->is_null()) {
    return {};  // Velocity 1.7: a null right-hand side leaves the target unchanged
  }
  const ast::Reference& ref = n.ref;
  if (ref.suffixes.empty()) {
    if (Value* var = find_var(ref.root)) {
      *var = std::move(*value);
    } else {
      vars_.emplace_back(ref.root, std::move(*value));
    }
    return {};
  }
  auto target = eval_ref(ref, ref.suffixes.size() - 1);
  if (!target) {
    return std::unexpected(std::move(target).error());
  }
  const Suffix& last = ref.suffixes.back();
  if (target->kind() == Value::Kind::Map && last.kind == Suffix::Kind::Property) {
    target->as_map().put(last.name, std::move(*value));
    return {};
  }
  if (last.kind == Suffix::Kind::Index) {
    auto key = eval(*last.args[0]);
    if (!key) {
      return std::unexpected(std::move(key).error());
    }
    if (target->kind() == Value::Kind::Map && !key->is_null()) {
      target->as_map().put(key->str(), std::move(*value));
      return {};
    }
    if (target->kind() == Value::Kind::List && key->kind() == Value::Kind::Int) {
      auto& items = target->as_list().items;
      int64_t i = key->as_int();
      if (i >= 0 && static_cast<size_t>(i) < items.size()) {
        items[static_cast<size_t>(i)] = std::move(*value);
        return {};
      }
    }
  }
  return std::unexpected(error(n.offset, "cannot assign to " + ref.raw));
}

Value* Evaluator::find_var(std::string_view name) {
  for (auto& [k, v] : vars_) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

Value Evaluator::lookup(std::string_view name) const {
  for (const auto& [k, v] : vars_) {
    if (k == name) {
      return v;
    }
  }
  if (name == "input") {
    return Value(Builtin::Input);
  }
  if (name == "util") {
    return Value(Builtin::Util);
  }
  if (name == "context") {
    return context_;
  }
  if (name == "stageVariables") {
    return in_.stage_variables;
  }
  if (!loops_.empty() && name == "foreach") {
    return Value(Builtin::Foreach);
  }
  if (!loops_.empty() && name == "velocityCount") {
    return Value(static_cast<int64_t>(loops_.back().index + 1));
  }
  return Value();
}

const Value& Evaluator::params_map() {
  if (params_.is_null()) {
    params_ = Value::new_map();
    params_.as_map().put("path", string_map(in_.path_params));
    params_.as_map().put("querystring", string_map(in_.query_params));
    params_.as_map().put("header", string_map(in_.header_params));
  }
  return params_;
}

Result<const nlohmann::ordered_json*> Evaluator::body_json(uint32_t offset) {
  if (!body_) {
    std::string_view text = in_.body;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      text = "{}";
    }
    auto parsed = parse_json(text);
    if (!parsed) {
      return std::unexpected(
          error(offset, "Could not parse request body into json", ErrorKind::BadInput));
    }
    body_ = std::move(*parsed);
  }
  return &*body_;
}

}  // namespace gw::vtl::detail
