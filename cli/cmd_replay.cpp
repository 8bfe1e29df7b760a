#include "cli/cmd_replay.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/canaries.h"
#include "cli/cmd_deploy.h"
#include "cli/spec_loading.h"
#include "core/integrations/httplib_client.h"
#include "core/lambda/function_manager.h"
#include "core/replay/report.h"
#include "core/replay/update.h"

namespace gw::cli {
namespace {

struct Shard {
  int index = 1;
  int count = 1;
};

Result<Shard> parse_shard(const std::string& text) {
  if (text.empty()) {
    return Shard{};
  }
  Shard s;
  const size_t slash = text.find('/');
  try {
    size_t used = 0;
    s.index = std::stoi(text.substr(0, slash), &used);
    const bool whole = used == slash;
    s.count = slash == std::string::npos ? 0 : std::stoi(text.substr(slash + 1), &used);
    if (whole && used == text.size() - slash - 1 && s.count >= 1 && s.index >= 1 &&
        s.index <= s.count) {
      return s;
    }
  } catch (const std::exception&) {  // std::stoi: not a number
  }
  return fail(ErrorKind::BadInput, "bad --shard '" + text + "'", {},
              "write --shard I/N with 1 <= I <= N, e.g. --shard 2/4");
}

// Loads every recording under the paths; bad lines are printed and make `bad_input` true.
std::optional<std::vector<replay::LoadedFile>> load_recordings(
    const std::vector<std::string>& paths, bool& bad_input) {
  std::vector<replay::LoadedFile> files;
  for (const std::string& path : paths) {
    auto expanded = replay::expand_path(path);
    if (!expanded) {
      print_error(expanded.error());
      return std::nullopt;
    }
    for (const std::string& file : *expanded) {
      auto loaded = replay::load_file(file);
      if (!loaded) {
        print_error(loaded.error());
        return std::nullopt;
      }
      for (const Error& e : loaded->errors) {
        print_error(e);
        bad_input = true;
      }
      files.push_back(std::move(*loaded));
    }
  }
  return files;
}

bool write_report(const ReplayCliOptions& o, const std::vector<replay::ExchangeResult>& results) {
  std::string text = o.report == "junit" ? replay::report_junit(results)
                     : o.report == "tap" ? replay::report_tap(results)
                                         : replay::report_json(results);
  if (o.out.empty() || o.out == "-") {
    std::cout << text;
    std::cout.flush();
    return true;
  }
  std::ofstream f(o.out, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f.flush()) {
    print_error(Error{ErrorKind::Environment, "cannot write the report to '" + o.out + "'", {}, {}});
    return false;
  }
  return true;
}

bool apply_update(const std::vector<replay::ExchangeResult>& results, bool live) {
  auto stats = replay::update_recordings(results, live);
  if (!stats) {
    print_error(stats.error());
    return false;
  }
  for (const std::string& har : stats->skipped_har) {
    std::cerr << "gw: warning: " << har << ": HAR files are not rewritten by --update\n";
  }
  std::cerr << "updated " << stats->exchanges << " exchange(s) in " << stats->files
            << " file(s)\n";
  std::cerr.flush();
  return true;
}

}  // namespace

void setup_replay(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<ReplayCliOptions>();
  CLI::App* sub = app.add_subcommand("replay", "Replay recorded traffic and compare the answers");
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("paths", o->paths, "Recordings (.jsonl), folders of them, or HAR files")
      ->required();
  sub->add_option("--stage", o->stage, "Serve this stage alone");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_flag("--live", o->live, "Call the real integrations instead of the recorded answers");
  sub->add_option("-j,--jobs", o->jobs, "Threads to replay with")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  sub->add_option("--shard", o->shard, "Replay only part I of N (I/N), for parallel CI");
  sub->add_option("--filter", o->filters, "Only routes matching this glob (repeatable)");
  sub->add_option("--ignore-header", o->ignore_headers, "Header not compared (repeatable)");
  sub->add_option("--report", o->report, "Report format")
      ->check(CLI::IsMember({"junit", "tap", "json"}));
  sub->add_option("--out", o->out, "Write the report to this file (default stdout)");
  sub->add_flag("--update", o->update, "Rewrite the recorded responses with the new answers");
  sub->callback([o, &result] { result = run_replay(*o); });
}

ExitCode run_replay(const ReplayCliOptions& options) {
  auto shard = parse_shard(options.shard);
  if (!shard) {
    print_error(shard.error());
    return ExitCode::BadInput;
  }
  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  warn_undeclared_stage(*loaded->api, options.stage);
  // As gw serve --stage: the stage's deployment when it has one, and recorded canary requests
  // on the stage's canary.
  if (auto note = use_deployment(*loaded, options.spec, options.stage, ""); !note) {
    return report_load_error(note.error());
  }
  auto canaries = load_canaries(*loaded, options.spec, options.stage, "", nullptr);
  if (!canaries) {
    return report_load_error(canaries.error());
  }
  bool bad_input = false;
  auto files = load_recordings(options.paths, bad_input);
  if (!files) {
    return ExitCode::BadInput;
  }
  std::vector<const replay::Entry*> all;
  for (const auto& f : *files) {
    for (const auto& e : f.entries) {
      all.push_back(&e);
    }
  }
  std::optional<integrations::HttplibClient> http;
  std::optional<lambda::FunctionManager> functions;
  replay::ReplayOptions ro;
  ro.stage = options.stage;
  ro.canaries = std::move(*canaries);
  ro.jobs = options.jobs;
  ro.filters = options.filters;
  ro.compare.ignore_headers = options.ignore_headers;
  if (options.live) {
    ro.live_http = &http.emplace();
    ro.live_lambda = &functions.emplace();
  }
  const auto results = replay::run_replay(
      loaded->api, replay::shard_of(all, shard->index, shard->count), ro);
  const bool report_on_stdout = !options.report.empty() && (options.out.empty() || options.out == "-");
  (report_on_stdout ? std::cerr : std::cout) << replay::report_text(results);
  (report_on_stdout ? std::cerr : std::cout).flush();
  if (!options.report.empty() && !write_report(options, results)) {
    return ExitCode::Environment;
  }
  const replay::Summary summary = replay::summarize(results);
  if (options.update && summary.failed > 0 && !apply_update(results, options.live)) {
    return ExitCode::Environment;
  }
  if (bad_input) {
    return ExitCode::BadInput;
  }
  return summary.failed > 0 && !options.update ? ExitCode::Findings : ExitCode::Ok;
}

}  // namespace gw::cli
