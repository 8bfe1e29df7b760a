// lint-unknown-ignore: an inline x-gw-lint-ignore entry that names no rule, so it silences
// nothing (a typo, or a rule id that was renamed).

#include "core/lint/config.h"
#include "core/lint/rules/rules.h"

namespace gw::lint::rules {
namespace {

constexpr std::string_view kIgnoreKey = "x-gw-lint-ignore";

constexpr RuleInfo kInfo{
    "lint-unknown-ignore", "lint", Severity::Warning,
    "an x-gw-lint-ignore entry names no rule or category, so it silences nothing",
    R"doc(x-gw-lint-ignore takes rule ids (gw lint --list-rules), categories (cors,
security, ...) or `all`. A misspelt id silences nothing and the finding it was meant to
hide comes back, or worse, a later rename leaves a stale ignore behind. The finding sits on
the entry itself, with a did-you-mean hint. .gwlint.yaml is stricter: an unknown id there is
an error (exit 2).

Bad:
  /pets:
    x-gw-lint-ignore: [security-no-authorisation]
Good:
  /pets:
    x-gw-lint-ignore: [security-no-authorization])doc"};

void check_entry(const openapi::Node& entry, Sink& out) {
  if (!entry.is_scalar()) {
    out.report(entry.loc, std::string(kIgnoreKey) + " entries are rule ids, not a " +
                              std::string(entry.type_name()));
    return;
  }
  std::string hint;
  if (known_selector(entry.text, hint)) {
    return;
  }
  std::string message =
      std::string(kIgnoreKey) + " names no rule '" + entry.text + "', so it silences nothing";
  out.report(entry.loc,
             hint.empty() ? message + " (see gw lint --list-rules)" : message + " (" + hint + ")");
}

/// Reads the raw tree (the engine honours ignores on the document, path items and
/// operations), so it also runs on specs the loader rejects.
class UnknownIgnore final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }
  bool needs_model() const override { return false; }
  void check(const Input& in, Sink& out) const override {
    if (in.root == nullptr) {
      return;
    }
    for_each_inline_ignore(*in.root, [&out](const InlineIgnore& at) {
      if (at.ignore.is_seq()) {
        for (const auto& item : at.ignore.items) {
          check_entry(item, out);
        }
      } else {
        check_entry(at.ignore, out);
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_lint_unknown_ignore() { return std::make_unique<UnknownIgnore>(); }

}  // namespace gw::lint::rules
