// correctness-unresolved-ref: a $ref whose target does not exist.

#include <filesystem>
#include <map>

#include "core/base/strings.h"
#include "core/lint/rules/rules.h"
#include "core/lint/rules/util.h"
#include "openapi/yaml_reader.h"

namespace gw::lint::rules {
namespace {

constexpr RuleInfo kInfo{
    "correctness-unresolved-ref", "correctness", Severity::Error,
    "a $ref points at nothing (missing file, missing target)",
    R"doc(A $ref to a definition that does not exist (a typo, a schema renamed, a file moved)
fails the import. Runs on the raw document, so every broken $ref is listed, not only the
first one the loader meets.

Bad:
  schema: {$ref: "#/components/schemas/Pett"}
Good:
  schema: {$ref: "#/components/schemas/Pet"})doc"};

std::string unescape(std::string_view token) {
  std::string s = percent_decode(token);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && i + 1 < s.size() && (s[i + 1] == '0' || s[i + 1] == '1')) {
      out += s[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

const openapi::Node* walk(const openapi::Node& root, std::string_view pointer) {
  const openapi::Node* n = &root;
  if (pointer.empty() || pointer == "/") {
    return n;
  }
  for (std::string_view token : split(pointer.substr(1), '/')) {
    const std::string key = unescape(token);
    if (n->is_map()) {
      n = n->find(key);
    } else if (n->is_seq() && !key.empty() &&
               key.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(key) < n->items.size()) {
      n = &n->items[std::stoul(key)];
    } else {
      n = nullptr;
    }
    if (n == nullptr) {
      return nullptr;
    }
  }
  return n;
}

class UnresolvedRef final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    if (in.root == nullptr) {
      return;
    }
    std::map<std::string, std::optional<openapi::Node>> files;
    visit(in, *in.root, files, out);
  }

 private:
  static void visit(const Input& in, const openapi::Node& n,
                    std::map<std::string, std::optional<openapi::Node>>& files, Sink& out) {
    for (const auto& item : n.items) {
      visit(in, item, files, out);
    }
    for (const auto& e : n.entries) {
      if (e.key == "$ref" && e.value.is_string()) {
        check_ref(in, e.value, files, out);
      } else if (!e.value.is_scalar()) {
        visit(in, e.value, files, out);
      }
    }
  }

  static void check_ref(const Input& in, const openapi::Node& ref,
                        std::map<std::string, std::optional<openapi::Node>>& files, Sink& out) {
    const std::string& text = ref.text;
    const size_t hash = text.find('#');
    const std::string file = text.substr(0, hash);
    const std::string pointer = hash == std::string::npos ? "" : text.substr(hash + 1);
    const openapi::Node* root = in.root;
    if (!file.empty()) {
      if (file.starts_with("http://") || file.starts_with("https://")) {
        return;
      }
      namespace fs = std::filesystem;
      const fs::path base = in.file ? fs::path(*in.file).parent_path() : fs::path();
      const std::string path = (base / file).string();
      auto it = files.find(path);
      if (it == files.end()) {
        std::optional<openapi::Node> parsed;
        std::ifstream f(path, std::ios::binary);
        if (f) {
          std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
          auto r = openapi::parse_yaml(body, std::make_shared<const std::string>(path));
          if (r) {
            parsed = std::move(*r);
          }
        }
        it = files.emplace(path, std::move(parsed)).first;
      }
      if (!it->second) {
        out.report(ref.loc, "$ref '" + text + "': cannot read or parse " + file);
        return;
      }
      root = &*it->second;
    }
    if (walk(*root, pointer) == nullptr) {
      out.report(ref.loc, "$ref '" + text + "' points at nothing");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_correctness_unresolved_ref() {
  return std::make_unique<UnresolvedRef>();
}

}  // namespace gw::lint::rules
