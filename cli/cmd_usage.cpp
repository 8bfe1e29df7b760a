#include "cli/cmd_usage.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/spec_loading.h"
#include "core/limits/plans.h"
#include "core/limits/quota.h"
#include "core/limits/state_store.h"
#include "core/model/api.h"

namespace gw::cli {
namespace {

struct Row {
  limits::QuotaCounter counter;
  std::optional<limits::QuotaRule> rule;
  long long used_now = 0;              ///< in the current period (0 once it rolled over)
  std::optional<long long> remaining;  ///< nullopt without the plan's quota
};

std::string day_of(int64_t epoch_seconds) {
  return limits::utc_day(
      std::chrono::system_clock::time_point(std::chrono::seconds(epoch_seconds)));
}

Row make_row(limits::QuotaCounter c, const model::Api* api) {
  Row r;
  r.used_now = c.used;
  if (api != nullptr) {
    auto plan = api->gw.usage_plans.find(c.plan);
    if (plan != api->gw.usage_plans.end()) {
      r.rule = limits::quota_rule(plan->second);
    }
  }
  if (r.rule) {
    limits::QuotaCounter now = c;
    int64_t start = limits::period_start(r.rule->period, std::chrono::system_clock::now());
    if (start > now.period_start) {
      now.used = 0;
      now.initial = false;
      r.used_now = 0;
    }
    r.remaining = limits::remaining(now, *r.rule);
  }
  r.counter = std::move(c);
  return r;
}

void print_json(const std::vector<Row>& rows) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    nlohmann::ordered_json days = nlohmann::ordered_json::object();
    for (const auto& [day, n] : r.counter.days) {
      days[day] = n;
    }
    items.push_back({{"key", r.counter.key_id},
                     {"plan", r.counter.plan},
                     {"periodStart", day_of(r.counter.period_start)},
                     {"used", r.used_now},
                     {"remaining", r.remaining ? nlohmann::ordered_json(*r.remaining)
                                               : nlohmann::ordered_json(nullptr)},
                     {"days", days}});
  }
  std::cout << nlohmann::ordered_json{{"usage", items}}.dump(2) << '\n';
}

void print_table(const std::vector<Row>& rows) {
  std::printf("%-20s %-14s %-10s %8s %10s\n", "KEY", "PLAN", "DAY", "USED", "REMAINING");
  for (const Row& r : rows) {
    for (const auto& [day, n] : r.counter.days) {
      std::printf("%-20s %-14s %-10s %8lld %10s\n", r.counter.key_id.c_str(),
                  r.counter.plan.c_str(), day.c_str(), n, "");
    }
    std::string rem = r.remaining ? std::to_string(*r.remaining) : "-";
    std::printf("%-20s %-14s %-10s %8lld %10s\n", r.counter.key_id.c_str(), r.counter.plan.c_str(),
                "period", r.used_now, rem.c_str());
  }
}

}  // namespace

void setup_usage(CLI::App& app, ExitCode& result) {
  auto options = std::make_shared<UsageOptions>();
  CLI::App* sub = app.add_subcommand("usage", "Show usage-plan quota counters per key and day");
  sub->add_option("spec", options->spec, "OpenAPI spec (finds .gw/ beside it and the plans)");
  sub->add_option("--config", options->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", options->state_dir, "State directory (default .gw/ beside SPEC)");
  sub->add_option("--key", options->key, "Only this API key (its x-gw apiKeys name)");
  sub->add_flag("--json", options->json, "Print stable JSON");
  sub->callback([options, &result] { result = run_usage(*options); });
}

ExitCode run_usage(const UsageOptions& options) {
  std::shared_ptr<const model::Api> api;
  if (!options.spec.empty()) {
    auto loaded = load_spec(options.spec, options.config);
    if (!loaded) {
      return report_load_error(loaded.error());
    }
    api = loaded->api;
  }
  std::string dir = options.state_dir;
  if (dir.empty()) {
    dir = api ? model::state_dir_of(*api) : ".gw";
  }
  auto counters = limits::load_counters(limits::usage_file(dir));
  if (!counters) {
    print_error(counters.error());
    return ExitCode::BadInput;
  }
  std::vector<Row> rows;
  for (limits::QuotaCounter& c : *counters) {
    if (options.key.empty() || c.key_id == options.key) {
      rows.push_back(make_row(std::move(c), api.get()));
    }
  }
  if (!options.key.empty() && rows.empty() && api &&
      api->gw.api_keys.find(options.key) == api->gw.api_keys.end()) {
    print_error(Error{ErrorKind::BadInput,
                      "unknown API key '" + options.key + "'",
                      {},
                      "the keys are the names under x-gw.apiKeys"});
    return ExitCode::BadInput;
  }
  if (options.json) {
    print_json(rows);
  } else {
    print_table(rows);
  }
  return ExitCode::Ok;
}

}  // namespace gw::cli
