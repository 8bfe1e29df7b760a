#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/limits/plans.h"
#include "core/limits/quota.h"
#include "core/limits/state_store.h"
#include "core/limits/token_bucket.h"

using namespace gw::limits;
using namespace std::chrono;

namespace {

steady_clock::time_point at(double seconds) {
  return steady_clock::time_point(duration_cast<steady_clock::duration>(duration<double>(seconds)));
}

system_clock::time_point utc(int y, unsigned m, unsigned d, int hour = 0) {
  return sys_days(year(y) / month(m) / day(d)) + hours(hour);
}

std::string temp_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("gw-limits-" + std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST_SUITE("gw::limits") {
  TEST_CASE("fact 61: a token bucket starts full, drains, and refills at the rate") {
    BucketLimits l{5, 10};
    TokenBucket b(l, at(0));
    int allowed = 0;
    for (int i = 0; i < 15; ++i) {
      allowed += b.try_take(l, at(0)) ? 1 : 0;
    }
    CHECK(allowed == 10);            // the burst
    CHECK(!b.try_take(l, at(0.1)));  // 0.5 token
    CHECK(b.try_take(l, at(0.2)));   // 1 token after 0.2 s at 5/s
    CHECK(!b.try_take(l, at(0.2)));
    // never more than the burst, however long it idles
    for (int i = 0; i < 10; ++i) {
      CHECK(b.try_take(l, at(100)));
    }
    CHECK(!b.try_take(l, at(100)));
  }

  TEST_CASE("a burst of 0 rejects everything") {
    BucketLimits l{100, 0};
    TokenBucket b(l, at(0));
    CHECK(!b.try_take(l, at(0)));
    CHECK(!b.try_take(l, at(10)));
  }

  TEST_CASE("quota periods: UTC day, week from Sunday, calendar month") {
    // 2026-11-26 is a Thursday
    auto t = utc(2026, 11, 26, 15);
    CHECK(period_start(QuotaPeriod::Day, t) ==
          sys_seconds(sys_days(year(2026) / 11 / 26)).time_since_epoch().count());
    CHECK(period_start(QuotaPeriod::Week, t) ==
          sys_seconds(sys_days(year(2026) / 11 / 22)).time_since_epoch().count());
    CHECK(period_start(QuotaPeriod::Month, t) ==
          sys_seconds(sys_days(year(2026) / 11 / 1)).time_since_epoch().count());
    CHECK(utc_day(t) == "2026-11-26");
    CHECK(parse_quota_period("WEEK") == QuotaPeriod::Week);
    CHECK(!parse_quota_period("YEAR").has_value());
  }

  TEST_CASE("fact 60: a quota allows `limit` requests per period, offset only in the first") {
    QuotaRule rule{3, 1, QuotaPeriod::Day};
    QuotaCounter c;
    auto day1 = utc(2026, 11, 26, 10);
    CHECK(consume(c, rule, day1).allowed);
    QuotaDecision d = consume(c, rule, day1);
    CHECK(d.allowed);
    CHECK(d.remaining == 0);  // 3 - offset 1 - 2 used
    CHECK(!consume(c, rule, day1).allowed);
    auto day2 = utc(2026, 11, 27, 0);
    for (int i = 0; i < 3; ++i) {
      CHECK(consume(c, rule, day2).allowed);
    }
    CHECK(!consume(c, rule, day2).allowed);
    CHECK(c.days.at("2026-11-26") == 2);
    CHECK(c.days.at("2026-11-27") == 3);
  }

  TEST_CASE("the memory store keeps one bucket per name and counters per plan and key") {
    MemoryStateStore s;
    BucketLimits l{1, 1};
    CHECK(s.take_token("a", l, at(0)));
    CHECK(!s.take_token("a", l, at(0)));
    CHECK(s.take_token("b", l, at(0)));
    QuotaRule rule{1, 0, QuotaPeriod::Month};
    CHECK(s.consume_quota("free", "k1", rule, utc(2026, 11, 2)).allowed);
    CHECK(!s.consume_quota("free", "k1", rule, utc(2026, 11, 30)).allowed);
    CHECK(s.consume_quota("free", "k2", rule, utc(2026, 11, 30)).allowed);
    CHECK(s.consume_quota("free", "k1", rule, utc(2026, 12, 1)).allowed);
    auto all = s.counters();
    REQUIRE(all.size() == 2);
    CHECK(all[0].key_id == "k1");
    CHECK(all[0].used == 1);
  }

  TEST_CASE("counters persist: a restarted store continues where the last one stopped") {
    std::string dir = temp_dir("persist");
    std::string file = usage_file(dir + "/state");
    QuotaRule rule{5, 0, QuotaPeriod::Day};
    auto now = utc(2026, 11, 26, 9);
    {
      MemoryStateStore s(file);
      for (int i = 0; i < 4; ++i) {
        CHECK(s.consume_quota("free", "partner-a", rule, now).allowed);
      }
    }  // destructor flushes
    REQUIRE(std::filesystem::exists(file));
    {
      MemoryStateStore s(file);
      CHECK(s.load_error().empty());
      CHECK(s.consume_quota("free", "partner-a", rule, now).allowed);
      CHECK(!s.consume_quota("free", "partner-a", rule, now).allowed);
      REQUIRE(s.flush().has_value());
    }
    auto loaded = load_counters(file);
    REQUIRE(loaded.has_value());
    REQUIRE(loaded->size() == 1);
    CHECK((*loaded)[0].used == 5);
    CHECK((*loaded)[0].days.at("2026-11-26") == 5);
    // no temp file is left behind
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/state")) {
      (void)e;
      ++files;
    }
    CHECK(files == 1);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("flush_if_due writes at most once per interval, and only when dirty") {
    std::string dir = temp_dir("due");
    std::string file = usage_file(dir);
    MemoryStateStore s(file);
    s.flush_if_due(at(1), seconds(1));
    CHECK(!std::filesystem::exists(file));  // nothing changed yet
    QuotaRule rule{100, 0, QuotaPeriod::Day};
    s.consume_quota("p", "k", rule, utc(2026, 1, 1));
    s.flush_if_due(at(1), seconds(1));
    REQUIRE(std::filesystem::exists(file));
    s.consume_quota("p", "k", rule, utc(2026, 1, 1));
    s.flush_if_due(at(1.5), seconds(1));
    CHECK((*load_counters(file))[0].used == 1);  // too soon
    s.flush_if_due(at(2.1), seconds(1));
    CHECK((*load_counters(file))[0].used == 2);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a corrupt counters file is reported and the store starts empty") {
    std::string dir = temp_dir("corrupt");
    std::string file = usage_file(dir);
    std::ofstream(file) << "{not json";
    MemoryStateStore s(file);
    CHECK(!s.load_error().empty());
    CHECK(s.counters().empty());
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("open_store gives a durable store for a state directory, a memory one for none") {
    std::string dir = temp_dir("opened");
    QuotaRule rule{10, 0, QuotaPeriod::Day};
    auto now = std::chrono::system_clock::now();
    {
      auto a = open_store(dir, false);
      REQUIRE(a);
      CHECK((*a)->consume_quota("p", "k", rule, now).allowed);
      REQUIRE((*a)->flush());
    }
    CHECK((*open_store(dir, false))->counters().size() == 1);
    CHECK(std::filesystem::exists(usage_file(dir)));
    auto mem = open_store("", true);
    REQUIRE(mem);
    CHECK((*mem)->consume_quota("p", "k", rule, now).allowed);
    CHECK((*open_store("", true))->counters().empty());
    std::filesystem::remove_all(dir);
  }

  // Issue 16, item 9: a state directory gw cannot write lost every counter silently. (A file
  // where the directory should be: root may write anywhere else.)
  TEST_CASE("an unwritable state directory: refused at open when quotas count, warned after") {
    std::string dir = temp_dir("blocked");
    const std::string blocker = dir + "/file";
    std::ofstream(blocker) << "x";
    const std::string state = blocker + "/state";
    auto refused = open_store(state, true);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == gw::ErrorKind::Environment);
    CHECK(refused.error().message.find("cannot keep quota counters in " + state) == 0);
    auto opened = open_store(state, false);  // no quota: nothing to lose, nothing checked
    REQUIRE(opened);
    StateStore& s = **opened;
    QuotaRule rule{100, 0, QuotaPeriod::Day};
    s.consume_quota("p", "k", rule, utc(2026, 1, 1));
    auto why = s.flush_if_due(at(1), seconds(1));
    REQUIRE(why);
    CHECK(why->find("quota counters are not being saved") == 0);
    s.consume_quota("p", "k", rule, utc(2026, 1, 1));
    CHECK_FALSE(s.flush_if_due(at(3), seconds(1)));  // still failing: said at most every 30 s
    s.consume_quota("p", "k", rule, utc(2026, 1, 1));
    CHECK(s.flush_if_due(at(32), seconds(1)));
    CHECK(s.counters()[0].used == 3);  // kept in memory
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("method setting keys accept the AWS ~1 escapes") {
    CHECK(normalise_method_key("~1pets~1{id}/GET") == "/pets/{id}/GET");
    CHECK(normalise_method_key("*/*") == "*/*");
  }
}
