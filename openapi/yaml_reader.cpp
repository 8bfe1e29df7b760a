#include "openapi/yaml_reader.h"

#include <yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <utility>
#include <vector>

#include "openapi/json_fallback.h"

namespace gw::openapi {
namespace {

constexpr size_t kMaxAliasNodes = 2'000'000;  // guards against "billion laughs" documents

bool all_of(std::string_view s, size_t from, bool (*pred)(char)) {
  if (from >= s.size()) {
    return false;
  }
  for (size_t i = from; i < s.size(); ++i) {
    if (!pred(s[i])) {
      return false;
    }
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_core_float(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
    ++int_digits;
  }
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++frac_digits;
    }
  }
  if (int_digits == 0 && frac_digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      ++i;
    }
    if (!all_of(s.substr(0, s.size()), i, is_digit)) {
      return false;
    }
    return true;
  }
  return i == s.size();
}

/// Resolves a plain scalar per the YAML 1.2 core schema.
void resolve_plain(Node& n) {
  const std::string& s = n.text;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    n.kind = Node::Kind::Null;
  } else if (s == "true" || s == "True" || s == "TRUE") {
    n.kind = Node::Kind::Bool;
    n.boolean = true;
  } else if (s == "false" || s == "False" || s == "FALSE") {
    n.kind = Node::Kind::Bool;
  } else if (s.starts_with("0x") && all_of(s, 2, is_hex)) {
    n.kind = Node::Kind::Number;
    n.number = static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, 16));
  } else if (s.starts_with("0o") && all_of(s, 2, is_octal)) {
    n.kind = Node::Kind::Number;
    n.number = static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, 8));
  } else if (is_core_float(s)) {
    n.kind = Node::Kind::Number;
    n.number = std::strtod(s.c_str(), nullptr);
  } else {
    std::string_view v = s;
    if (v[0] == '-' || v[0] == '+') {
      v.remove_prefix(1);
    }
    if (v == ".inf" || v == ".Inf" || v == ".INF") {
      n.kind = Node::Kind::Number;
      n.number = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    } else if (s == ".nan" || s == ".NaN" || s == ".NAN") {
      n.kind = Node::Kind::Number;
      n.number = NAN;
    }
  }
}

size_t count_nodes(const Node& n) {
  size_t total = 1;
  for (const Node& c : n.items) {
    total += count_nodes(c);
  }
  for (const MapEntry& e : n.entries) {
    total += count_nodes(e.value);
  }
  return total;
}

/// Levels of sequences and mappings in n (1 for a scalar); bounded by kMaxNestingDepth.
size_t depth_of(const Node& n) {
  size_t deepest = 0;
  for (const Node& c : n.items) {
    deepest = std::max(deepest, depth_of(c));
  }
  for (const MapEntry& e : n.entries) {
    deepest = std::max(deepest, depth_of(e.value));
  }
  return deepest + 1;
}

std::unexpected<Error> too_deep(SourceLoc where) {
  return fail(ErrorKind::BadInput,
              "the document nests deeper than " + std::to_string(kMaxNestingDepth) + " levels",
              std::move(where));
}

struct Frame {
  Node node;
  std::string anchor;
  bool have_key = false;
  std::string key;
  SourceLoc key_loc;
  std::vector<Node> merges;  ///< values of "<<" keys
};

class Builder {
 public:
  explicit Builder(std::shared_ptr<const std::string> file) : file_(std::move(file)) {}

  Result<Node> run(std::string_view text);

 private:
  SourceLoc loc(const yaml_mark_t& m) const {
    return SourceLoc{file_, static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1)};
  }
  Result<bool> on_event(const yaml_event_t& ev);
  Result<bool> add(Node node, const std::string& anchor, bool plain_key);
  Result<bool> finish_mapping(Frame& f);
  Result<bool> on_scalar(const yaml_event_t& ev);

  std::shared_ptr<const std::string> file_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Node> anchors_;
  size_t alias_nodes_ = 0;
  bool done_ = false;
  Node root_;
};

std::string anchor_of(const yaml_char_t* a) {
  return a ? std::string(reinterpret_cast<const char*>(a)) : std::string();
}

Result<bool> Builder::on_scalar(const yaml_event_t& ev) {
  const auto& sc = ev.data.scalar;
  Node n;
  n.loc = loc(ev.start_mark);
  n.text.assign(reinterpret_cast<const char*>(sc.value), sc.length);
  n.kind = Node::Kind::String;
  if (sc.style == YAML_LITERAL_SCALAR_STYLE || sc.style == YAML_FOLDED_SCALAR_STYLE) {
    n.style = Node::Style::Block;
  } else if (sc.style != YAML_PLAIN_SCALAR_STYLE) {
    n.style = Node::Style::Quoted;
  }
  std::string_view tag = sc.tag ? reinterpret_cast<const char*>(sc.tag) : "";
  bool plain = sc.style == YAML_PLAIN_SCALAR_STYLE;
  if (!tag.empty() && tag != "!" && !tag.starts_with("tag:yaml.org,2002:")) {
    n.tag = tag;
  } else if (tag == "tag:yaml.org,2002:str" || tag == "!") {
    plain = false;
  } else if (!tag.empty()) {
    plain = true;  // !!int, !!bool, !!null, !!float: resolve the text
  }
  if (plain && n.tag.empty()) {
    resolve_plain(n);
  }
  return add(std::move(n), anchor_of(sc.anchor), sc.style == YAML_PLAIN_SCALAR_STYLE);
}

Result<bool> Builder::add(Node node, const std::string& anchor, bool plain_key) {
  if (!anchor.empty()) {
    anchors_[anchor] = node;
  }
  if (stack_.empty()) {
    root_ = std::move(node);
    return true;
  }
  Frame& top = stack_.back();
  if (top.node.kind == Node::Kind::Sequence) {
    top.node.items.push_back(std::move(node));
    return true;
  }
  if (!top.have_key) {
    if (!node.is_scalar()) {
      return fail(ErrorKind::BadInput, "mapping keys must be scalars", node.loc);
    }
    top.have_key = true;
    top.key = node.kind == Node::Kind::Null && node.text.empty() ? "" : std::move(node.text);
    if (top.key == "<<" && plain_key) {
      top.key = "\x01<<";  // a merge key
    }
    top.key_loc = node.loc;
    return true;
  }
  top.have_key = false;
  if (top.key == "\x01<<") {
    top.merges.push_back(std::move(node));
    return true;
  }
  top.node.entries.emplace_back(std::move(top.key), std::move(top.key_loc), std::move(node));
  return true;
}

std::unexpected<Error> duplicate_key(const MapEntry& first, const MapEntry& dup) {
  return fail(ErrorKind::BadInput,
              "duplicate key '" + dup.key + "' (first defined at line " +
                  std::to_string(first.key_loc.line) + ")",
              dup.key_loc, "API Gateway's import rejects duplicate keys: keep one of them");
}

/// Reports the first key that repeats an earlier one.
Result<bool> check_duplicates(const std::vector<MapEntry>& entries) {
  if (entries.size() <= 12) {
    for (size_t i = 1; i < entries.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (entries[i].key == entries[j].key) {
          return duplicate_key(entries[j], entries[i]);
        }
      }
    }
    return true;
  }
  std::vector<uint32_t> order(entries.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return entries[a].key < entries[b].key; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (entries[order[i - 1]].key == entries[order[i]].key) {
      return duplicate_key(entries[order[i - 1]], entries[order[i]]);
    }
  }
  return true;
}

Result<bool> Builder::finish_mapping(Frame& f) {
  auto& entries = f.node.entries;
  GW_TRY(check_duplicates(entries));
  for (const Node& m : f.merges) {
    std::vector<const Node*> sources;
    if (m.is_map()) {
      sources.push_back(&m);
    } else if (m.is_seq()) {
      for (const Node& s : m.items) {
        sources.push_back(&s);
      }
    }
    for (const Node* s : sources) {
      if (!s->is_map()) {
        return fail(ErrorKind::BadInput, "a merge key '<<' needs a map", s->loc);
      }
      for (const MapEntry& e : s->entries) {
        if (f.node.find(e.key) == nullptr) {
          entries.push_back(e);
        }
      }
    }
  }
  return true;
}

Result<bool> Builder::on_event(const yaml_event_t& ev) {
  switch (ev.type) {
    case YAML_SCALAR_EVENT:
      return on_scalar(ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
      if (stack_.size() >= kMaxNestingDepth) {
        return too_deep(loc(ev.start_mark));
      }
      Frame f;
      f.node.kind = seq ? Node::Kind::Sequence : Node::Kind::Mapping;
      f.node.loc = loc(ev.start_mark);
      const yaml_char_t* tag = seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag;
      std::string t = anchor_of(tag);
      if (!t.empty() && !t.starts_with("tag:yaml.org,2002:") && t != "!") {
        f.node.tag = std::move(t);
      }
      f.anchor = anchor_of(seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor);
      stack_.push_back(std::move(f));
      return true;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      Frame f = std::move(stack_.back());
      stack_.pop_back();
      if (f.node.is_map()) {
        GW_TRY(finish_mapping(f));
      }
      return add(std::move(f.node), f.anchor, false);
    }
    case YAML_ALIAS_EVENT: {
      std::string name = anchor_of(ev.data.alias.anchor);
      auto it = anchors_.find(name);
      if (it == anchors_.end()) {
        return fail(ErrorKind::BadInput, "unknown alias '*" + name + "'", loc(ev.start_mark));
      }
      alias_nodes_ += count_nodes(it->second);
      if (alias_nodes_ > kMaxAliasNodes) {
        return fail(ErrorKind::BadInput, "aliases expand to too many nodes", loc(ev.start_mark));
      }
      if (!it->second.is_scalar() && stack_.size() + depth_of(it->second) > kMaxNestingDepth) {
        return too_deep(loc(ev.start_mark));
      }
      return add(it->second, "", false);
    }
    case YAML_DOCUMENT_END_EVENT:
      done_ = true;
      return true;
    default:
      return true;
  }
}

Result<Node> Builder::run(std::string_view text) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    return fail(ErrorKind::Internal, "cannot initialise the YAML parser");
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  root_.loc = SourceLoc{file_, 1, 1};
  Result<Node> out = Node{};
  while (!done_) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      std::string msg = parser.problem ? parser.problem : "invalid YAML";
      if (parser.context) {
        msg += std::string(" ") + parser.context;
      }
      out = fail(ErrorKind::BadInput, msg, loc(parser.problem_mark));
      break;
    }
    bool end = ev.type == YAML_STREAM_END_EVENT;
    Result<bool> r = on_event(ev);
    yaml_event_delete(&ev);
    if (!r) {
      out = std::unexpected(std::move(r).error());
      break;
    }
    if (end) {
      break;
    }
  }
  yaml_parser_delete(&parser);
  if (!out) {
    return out;
  }
  return std::move(root_);
}

bool looks_like_json(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return i != std::string_view::npos && (text[i] == '{' || text[i] == '[');
}

/// JSON allows tabs as whitespace where YAML does not: blank them outside strings. Positions
/// do not move (one byte for one byte).
std::string untab_json(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '\t') {
      out[i] = ' ';
    }
  }
  return out;
}

}  // namespace

Result<Node> parse_yaml(std::string_view text, std::shared_ptr<const std::string> file) {
  bool json = looks_like_json(text);
  std::string untabbed;
  if (json && text.find('\t') != std::string_view::npos) {
    untabbed = untab_json(text);
    text = untabbed;
  }
  Result<Node> r = Builder(file).run(text);
  if (r && json && file->ends_with(".json")) {
    GW_TRY(validate_json(text, file));  // a .json file must be JSON, not just flow YAML
  }
  if (r || !json) {
    return r;
  }
  return parse_json_fallback(text, file);
}

}  // namespace gw::openapi
