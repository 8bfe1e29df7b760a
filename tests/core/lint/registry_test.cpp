// The registry is complete and self-describing: ids unique, kebab-case, sorted, prefixed by
// their category; every doc has a bad and a good example; every rule is in man/gw-lint.1.

#include "core/lint/registry.h"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace gw::lint {
namespace {

bool kebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

TEST_SUITE("gw::lint::registry") {
  TEST_CASE("at least 30 rules, ids unique, kebab-case, sorted, category-prefixed") {
    const auto rules = all_rules();
    CHECK(rules.size() >= 30);
    std::set<std::string_view> ids;
    std::string_view previous;
    for (const auto& r : rules) {
      const RuleInfo& i = r->info();
      CAPTURE(i.id);
      CHECK(kebab(i.id));
      CHECK(ids.insert(i.id).second);
      CHECK(previous < i.id);
      previous = i.id;
      CHECK(i.id.starts_with(std::string(i.category) + "-"));
      CHECK_FALSE(i.summary.empty());
      CHECK(i.doc.find("Bad") != std::string_view::npos);
      CHECK(i.doc.find("Good") != std::string_view::npos);
      CHECK(find_rule(i.id) == r.get());
    }
    CHECK(find_rule("no-such-rule") == nullptr);
  }

  TEST_CASE("every rule is documented in man/gw-lint.1") {
    std::ifstream in(std::string(GW_SOURCE_DIR) + "/man/gw-lint.1");
    REQUIRE(in);
    std::stringstream buf;
    buf << in.rdbuf();
    // roff writes '-' as "\\-": compare against plain text.
    const std::string roff = buf.str();
    std::string page;
    for (size_t k = 0; k < roff.size(); ++k) {
      if (roff[k] == '\\' && k + 1 < roff.size() && roff[k + 1] == '-') {
        continue;
      }
      page += roff[k];
    }
    for (const auto& r : all_rules()) {
      CAPTURE(r->info().id);
      CHECK(page.find(r->info().id) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gw::lint
