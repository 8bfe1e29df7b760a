#include "openapi/schema_regex.h"

#include <doctest/doctest.h>

#include <string>

using gw::openapi::RegexBudget;
using gw::openapi::SchemaRegex;

TEST_SUITE("gw::openapi::SchemaRegex") {
  TEST_CASE("ECMA 262 search semantics through PCRE2") {
    auto re = SchemaRegex::compile("^[a-z]+\\d$");
    REQUIRE(re.has_value());
    RegexBudget budget;
    CHECK(re->search("abc1", budget) == SchemaRegex::Outcome::Match);
    CHECK(re->search("abc1\n", budget) == SchemaRegex::Outcome::NoMatch);  // `$` is the end
    auto u = SchemaRegex::compile("^\\u00e9$");
    REQUIRE(u.has_value());
    CHECK(u->search("\xC3\xA9", budget) == SchemaRegex::Outcome::Match);
    CHECK(!SchemaRegex::compile("(").has_value());
  }

  TEST_CASE("an ordinary match is charged about its cost, a catastrophic one its cap") {
    auto simple = SchemaRegex::compile("^[a-z]*$");
    REQUIRE(simple.has_value());
    RegexBudget budget;
    const std::string long_string(1'000'000, 'a');
    CHECK(simple->search(long_string, budget) == SchemaRegex::Outcome::Match);
    CHECK(RegexBudget::kPerRequest - budget.remaining == 16 + 2 * long_string.size());

    auto slow = SchemaRegex::compile("^(a+)+$");
    REQUIRE(slow.has_value());
    RegexBudget fresh;
    const std::string evil = std::string(28, 'a') + "!";
    CHECK(slow->search(evil, fresh) == SchemaRegex::Outcome::OverLimit);
    const uint64_t spent = RegexBudget::kPerRequest - fresh.remaining;
    const uint64_t cap = RegexBudget::kPerMatch + 4 * evil.size();
    CHECK(spent >= cap);
    CHECK(spent <= cap + cap / 4);  // the geometric retries add at most a seventh
    // The same subject is charged the same, every time.
    RegexBudget again;
    CHECK(slow->search(evil, again) == SchemaRegex::Outcome::OverLimit);
    CHECK(again.remaining == fresh.remaining);
  }

  TEST_CASE("a spent budget stops matching") {
    auto slow = SchemaRegex::compile("^(a|aa)+$");
    REQUIRE(slow.has_value());
    RegexBudget budget;
    budget.remaining = 1'000;
    CHECK(slow->search(std::string(40, 'a') + "!", budget) == SchemaRegex::Outcome::OverLimit);
    CHECK(budget.remaining <= 1'000);
    budget.remaining = 0;
    CHECK(slow->search("a", budget) == SchemaRegex::Outcome::OverLimit);
  }
}
