#include "openapi/refs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/strings.h"
#include "openapi/yaml_reader.h"

namespace gw::openapi {
namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

/// Joins `rel` to `base_dir` and removes "." and ".." segments.
std::string join_path(const std::string& base_dir, std::string_view rel) {
  std::string full = rel.starts_with("/") ? std::string(rel) : base_dir + std::string(rel);
  bool absolute = full.starts_with("/");
  std::vector<std::string_view> parts;
  for (std::string_view p : split(full, '/')) {
    if (p.empty() || p == ".") {
      continue;
    }
    if (p == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) {
      out.push_back('/');
    }
    out.append(parts[i]);
  }
  return out;
}

/// Whether `file`, symbolic links resolved, lies under the directory `dir` (resolved already).
bool inside(const std::string& dir, const std::string& file) {
  std::error_code ec;
  // absolute() first: weakly_canonical leaves a relative path relative when none of it exists.
  const std::string real =
      std::filesystem::weakly_canonical(std::filesystem::absolute(file, ec), ec).string();
  if (ec) {
    return false;
  }
  return dir == "/" || real.starts_with(dir + "/");
}

std::string unescape_token(std::string_view token) {
  std::string decoded = percent_decode(token);
  std::string out;
  out.reserve(decoded.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    if (decoded[i] == '~' && i + 1 < decoded.size() && decoded[i + 1] == '1') {
      out.push_back('/');
      ++i;
    } else if (decoded[i] == '~' && i + 1 < decoded.size() && decoded[i + 1] == '0') {
      out.push_back('~');
      ++i;
    } else {
      out.push_back(decoded[i]);
    }
  }
  return out;
}

std::string chain_text(const std::vector<std::string>& chain, const std::string& again) {
  std::string out;
  auto it = std::find(chain.begin(), chain.end(), again);
  for (; it != chain.end(); ++it) {
    size_t hash = it->find('#');
    out += (hash == std::string::npos ? *it : it->substr(hash)) + " -> ";
  }
  size_t hash = again.find('#');
  return out + (hash == std::string::npos ? again : again.substr(hash));
}

bool g_anywhere_by_default = false;

}  // namespace

RefResolver::RefResolver(std::vector<std::string>* files)
    : anywhere_(g_anywhere_by_default), files_(files) {}

void RefResolver::allow_files_anywhere_by_default(bool allow) { g_anywhere_by_default = allow; }

void RefResolver::set_main(std::shared_ptr<const std::string> name,
                           std::shared_ptr<const Node> root, const Node* pointer_root) {
  main_name_ = *name;
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(main_name_).parent_path();
  main_dir_ = std::filesystem::weakly_canonical(
                  std::filesystem::absolute(dir.empty() ? "." : dir, ec), ec).string();
  Doc doc{name, std::move(root), pointer_root};
  docs_[main_name_] = std::move(doc);
}

bool RefResolver::is_ref(const Node& n) {
  if (!n.is_map()) {
    return false;
  }
  const Node* r = n.find("$ref");
  return r != nullptr && r->is_string();
}

Result<const RefResolver::Doc*> RefResolver::doc_for(const std::string& file,
                                                     const Node& ref_value) {
  if (auto it = docs_.find(file); it != docs_.end()) {
    return &it->second;
  }
  if (!anywhere_ && !main_dir_.empty() && !inside(main_dir_, file)) {
    return fail(ErrorKind::BadInput,
                "$ref '" + ref_value.text + "' reads " + file +
                    ", outside the spec's directory " + main_dir_,
                ref_value.loc,
                "gw reads $ref files only under the spec's directory; "
                "--allow-external-refs lets it read this one");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::BadInput,
                "cannot resolve $ref '" + ref_value.text + "': cannot read file " + file,
                ref_value.loc);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (files_) {
    files_->push_back(file);
  }
  auto name = std::make_shared<const std::string>(file);
  Result<Node> parsed = parse_yaml(buf.str(), name);
  if (!parsed) {
    return std::unexpected(std::move(parsed).error());
  }
  auto root = std::make_shared<const Node>(std::move(*parsed));
  Doc doc{name, root, root.get()};
  return &(docs_[file] = std::move(doc));
}

Result<const Node*> RefResolver::walk(const Doc& doc, std::string_view pointer,
                                      const Node& ref_value, std::vector<std::string>& chain) {
  const Node* cur = doc.pointer_root;
  if (pointer.empty() || pointer == "/") {
    return cur;
  }
  if (!pointer.starts_with("/")) {
    return fail(ErrorKind::BadInput,
                "cannot resolve $ref '" + ref_value.text + "': the fragment must start with '#/'",
                ref_value.loc);
  }
  std::string at = "#";
  for (std::string_view raw : split(pointer.substr(1), '/')) {
    std::string token = unescape_token(raw);
    Result<const Node*> hop = deref_chain(*cur, chain);
    GW_TRY(hop);
    cur = *hop;
    const Node* next = nullptr;
    if (cur->is_map()) {
      next = cur->find(token);
    } else if (cur->is_seq() && !token.empty() &&
               token.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(token) < cur->items.size()) {
      next = &cur->items[std::stoul(token)];
    }
    if (next == nullptr) {
      return fail(ErrorKind::BadInput,
                  "cannot resolve $ref '" + ref_value.text + "': no '" + token + "' in " + at,
                  ref_value.loc);
    }
    at.push_back('/');
    at.append(raw);
    cur = next;
  }
  return cur;
}

Result<const Node*> RefResolver::target(const Node& ref_node, std::string* key) {
  const Node& value = *ref_node.find("$ref");
  std::string_view ref = value.text;
  if (ref.find("://") != std::string_view::npos) {
    return fail(ErrorKind::BadInput, "cannot resolve $ref '" + value.text +
                "': remote references are not supported", value.loc,
                "download the file and refer to it by a relative path");
  }
  size_t hash = ref.find('#');
  std::string_view file_part = ref.substr(0, hash);
  std::string_view pointer = hash == std::string_view::npos ? "" : ref.substr(hash + 1);
  std::string from = value.loc.file ? *value.loc.file : main_name_;
  std::string file = file_part.empty() ? from : join_path(dir_of(from), percent_decode(file_part));
  *key = file + "#" + std::string(pointer);
  // A $ref whose path runs through other $refs resolves them recursively; a cycle there (found
  // by the fuzzer: '#/a/b' where a is {$ref: '#/a/b/c'}) would recurse without end.
  constexpr int kMaxDepth = 64;
  if (target_depth_ >= kMaxDepth) {
    return fail(ErrorKind::BadInput,
                "cannot resolve $ref '" + value.text + "': its path runs through more than " +
                    std::to_string(kMaxDepth) + " nested $refs (a cycle?)",
                value.loc);
  }
  ++target_depth_;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{target_depth_};
  Result<const Doc*> doc = doc_for(file, value);
  GW_TRY(doc);
  std::vector<std::string> chain;
  return walk(**doc, pointer, value, chain);
}

Result<const Node*> RefResolver::deref_chain(const Node& n, std::vector<std::string>& chain) {
  const Node* cur = &n;
  size_t depth = chain.size();
  while (is_ref(*cur)) {
    const Node& value = *cur->find("$ref");
    std::string key;
    Result<const Node*> next = target(*cur, &key);
    GW_TRY(next);
    if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
      return fail(ErrorKind::BadInput, "cyclic $ref: " + chain_text(chain, key), value.loc);
    }
    chain.push_back(key);
    cur = *next;
  }
  chain.resize(depth);
  return cur;
}

Result<const Node*> RefResolver::deref(const Node& n) {
  std::vector<std::string> chain;
  return deref_chain(n, chain);
}

Result<bool> RefResolver::append_inline(std::string& out, const Node& n,
                                        std::vector<std::string>& stack, size_t depth) {
  if (depth > kMaxNestingDepth) {
    return fail(ErrorKind::BadInput,
                "the schema nests deeper than " + std::to_string(kMaxNestingDepth) +
                    " levels once its $refs are inlined",
                n.loc);
  }
  if (out.size() > kMaxInlinedBytes) {
    return fail(ErrorKind::BadInput,
                "the schema grows past " + std::to_string(kMaxInlinedBytes >> 20) +
                    " MiB once its $refs are inlined",
                n.loc);
  }
  if (is_ref(n)) {
    // A chain of $refs that comes back to itself before reaching a schema (A -> B -> A) is
    // an error here; a recursive schema (A's property refers to A) is kept as a $ref below.
    GW_TRY(deref(n));
    std::string key;
    Result<const Node*> t = target(n, &key);
    GW_TRY(t);
    if (std::find(stack.begin(), stack.end(), key) != stack.end()) {
      out += "{\"$ref\":";
      append_json_string(out, n.find("$ref")->text);
      out += "}";
      return true;
    }
    stack.push_back(key);
    GW_TRY(append_inline(out, **t, stack, depth));
    stack.pop_back();
    return true;
  }
  if (n.is_map()) {
    out.push_back('{');
    for (size_t i = 0; i < n.entries.size(); ++i) {
      out += i ? "," : "";
      append_json_string(out, n.entries[i].key);
      out.push_back(':');
      GW_TRY(append_inline(out, n.entries[i].value, stack, depth + 1));
    }
    out.push_back('}');
  } else if (n.is_seq()) {
    out.push_back('[');
    for (size_t i = 0; i < n.items.size(); ++i) {
      out += i ? "," : "";
      GW_TRY(append_inline(out, n.items[i], stack, depth + 1));
    }
    out.push_back(']');
  } else {
    out += to_json_text(n);
  }
  return true;
}

Result<std::string> RefResolver::inline_json(const Node& n) {
  std::string out;
  std::vector<std::string> stack;
  GW_TRY(append_inline(out, n, stack, 1));
  return out;
}

}  // namespace gw::openapi
