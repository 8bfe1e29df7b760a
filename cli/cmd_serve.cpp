#include "cli/cmd_serve.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "cli/access_log.h"
#include "cli/access_log_sinks.h"
#include "cli/admin_listener.h"
#include "cli/canaries.h"
#include "cli/cmd_deploy.h"
#include "cli/cmd_token.h"
#include "cli/file_watcher.h"
#include "cli/front_door.h"
#include "cli/route_table.h"
#include "cli/serve_tls.h"
#include "cli/spec_loading.h"
#include "cli/term.h"
#include "cli/version.h"
#include "cli/websocket_serve.h"
#include "core/base/files.h"
#include "core/base/strings.h"
#include "core/integrations/httplib_client.h"
#include "core/integrations/aws_sink.h"
#include "core/lambda/function_manager.h"
#include "core/limits/plans.h"
#include "core/pipeline/canary_split.h"
#include "core/replay/recorder.h"
#include "core/server/http_server.h"
#include "core/server/xray_udp.h"
#include "core/websocket/websocket_api.h"

namespace gw::cli {
namespace {

std::mutex g_out_mu;  // one writer at a time on stdout: log lines, reload notes

void say(const std::string& text) {
  std::lock_guard lock(g_out_mu);
  std::cout << text << '\n';
  std::cout.flush();
}

// One whole line on stderr: a single write(2), so no other writer splits it.
void say_to_stderr(const std::string& text) {
  std::lock_guard lock(g_out_mu);
  std::cerr.flush();
  files::write_all(STDERR_FILENO, text + '\n');
}

// True when a request to this API may wait on something (a backend, an authorizer, a quota
// file): such requests run on the server's pool; the others are answered on the I/O threads.
bool may_block(const model::Api& api) {
  if (!api.authorizers.empty() || !api.gw.usage_plans.empty()) {
    return true;
  }
  return std::any_of(api.operations.begin(), api.operations.end(), [](const model::Operation& op) {
    return op.integration && op.integration->type != model::IntegrationType::Mock;
  });
}

// Everything one `gw serve` run shares between the server, the watcher and the signal thread.
struct ServeState {
  const ServeOptions& options;
  SystemClock clock;
  SeededRandom random;  // --seed, else from std::random_device
  integrations::HttplibClient client;
  lambda::FunctionManager functions;  // warm workers outlive reloads
  // The state directory's durable store and AWS sink, opened by the first build(): one per
  // run, kept across reloads (the Gateways only borrow them).
  std::shared_ptr<limits::StateStore> store;
  std::unique_ptr<integrations::AwsSink> aws;
  // X-Ray segments of stages with tracingEnabled: the daemon's UDP port (xray_udp.h).
  std::unique_ptr<server::UdpSegmentSink> xray;
  // The stages' Gateways: each stage's own and its canary's (canary_split.h).
  std::atomic<std::shared_ptr<const pipeline::CanarySplit>> gateway;
  // Custom domains and disableExecuteApiEndpoint of the primary deployment (front_door.h).
  std::atomic<std::shared_ptr<const FrontDoor>> front_door;
  std::atomic<long long> served{0};
  observe::ServeMetrics metrics;  // what /metrics shows and the lines printed at the end
  int admin_port = -1;  // --admin-port's bound port, -1 without one
  AccessLogSinks access_logs;  // each stage's accessLogSettings.destination
  std::atomic<bool> blocking{true};  // requests may block: the server runs them on its pool
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::string source_note;  // which deployment a --stage serves ("" = the working spec)

  explicit ServeState(const ServeOptions& o)
      : options(o), random(o.seed ? *o.seed : std::random_device{}()) {}
  std::unique_ptr<replay::Recorder> recorder;  // --record: set before the first build()
  std::unique_ptr<websocket::WebSocketApi> ws;  // WebSocket APIs: connections, routes
  // Opens the state directory's store and AWS sink once, before the first build().
  Result<void> open_state(const model::Api& api) {
    const std::string dir = model::state_dir_of(api, options.state_dir);
    const bool quotas = std::any_of(api.gw.usage_plans.begin(), api.gw.usage_plans.end(),
                                    [](const auto& p) { return p.second.quota.has_value(); });
    auto opened = limits::open_store(dir, quotas);
    GW_TRY(opened);
    GW_TRY(lock_state(dir, quotas));  // after the store's own checks of the directory
    store = std::move(*opened);
    aws = std::make_unique<integrations::AwsSink>(dir, clock, random, [](const std::string& l) {
      std::lock_guard lock(g_out_mu);
      std::cerr << l << '\n';
      std::cerr.flush();
    });
    return {};
  }
  // Two servers on one state directory would overwrite each other's quota counters and tables
  // (issue 16 item 8): the first holds serve.lock until it ends, a second one is refused. A
  // directory that does not exist and will hold no counters is not made just to be locked.
  std::optional<files::FileLock> state_lock;
  Result<void> lock_state(const std::string& dir, bool persists) {
    std::error_code ec;
    if (dir.empty() || (!persists && !std::filesystem::is_directory(dir, ec))) {
      return {};
    }
    pid_t holder = 0;
    auto lock = files::FileLock::try_acquire(
        (std::filesystem::path(dir) / "serve.lock").string(), &holder);
    if (!lock) {
      if (holder <= 0) {
        return std::unexpected(lock.error());
      }
      return fail(ErrorKind::Environment,
                  "the state directory " + dir + " is in use by another gw serve (pid " +
                      std::to_string(holder) + ")",
                  {}, "two servers on one directory would overwrite each other's usage counters: "
                      "stop the other one, or give this one its own --state-dir");
    }
    state_lock.emplace(std::move(*lock));
    return {};
  }
  GatewayDeps deps() {
    Random* r = recorder ? recorder->random() : &random;
    return GatewayDeps{&clock, r, &client, &functions, aws.get(), store.get(), xray.get()};
  }
  std::shared_ptr<const pipeline::CanarySplit> build(
      std::shared_ptr<const model::Api> api, const std::vector<pipeline::CanaryModel>& canaries) {
    auto built = pipeline::CanarySplit::build(std::move(api), canaries, deps(),
                                              GatewayOptions{options.stage, options.state_dir});
    bool block = recorder != nullptr;
    auto add = [&](const Gateway& g) {
      print_gateway_warnings(g);
      block = block || may_block(g.api());
      functions.provision(g.api());
    };
    add(built->primary());
    for (const pipeline::StageCanary& c : built->canaries()) {
      add(*c.gateway);
    }
    blocking = block;
    return built;
  }
  void finish() {
    std::lock_guard lock(mu);
    done = true;
    cv.notify_all();
  }
  // Waits up to `d`; true when the run is over.
  bool wait_done(std::chrono::milliseconds d) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, d, [this] { return done; });
  }
};

// gw's own line (text or --log-format json), unless the stage's access log goes to stdout:
// then that line instead.
void write_access_log(ServeState& s, const RequestLog& log, bool colour) {
  auto own_line = [&] {
    const auto now = std::chrono::system_clock::now();
    say(s.options.log_json ? format_access_json(log, now) : format_access_line(log, now, colour));
  };
  if (log.access_line.empty()) {
    own_line();
    return;
  }
  switch (s.access_logs.write(log.stage, log.access_line)) {
    case AccessLogSinks::Where::Stdout:
      say(log.access_line);
      return;
    case AccessLogSinks::Where::Stderr:
      own_line();
      say_to_stderr(log.access_line);
      return;
    case AccessLogSinks::Where::File:
      own_line();
      return;
  }
}

// API Gateway's execution log lines of a request (methodSettings loggingLevel), on stderr in
// one write so another request's lines never interleave.
void print_execution_log(const RequestLog& log) {
  if (log.execution_log.empty()) {
    return;
  }
  std::string text;
  for (const std::string& line : log.execution_log) {
    text += (text.empty() ? "" : "\n") + escape_controls(line);
  }
  say_to_stderr(text);
}

std::vector<std::string> watched_files(const openapi::Loaded& loaded, const ServeOptions& o) {
  std::vector<std::string> files = loaded.files;
  files.push_back(o.spec);
  if (!o.config.empty()) {
    files.push_back(o.config);
  }
  return files;
}

void reload(ServeState& s, FileWatcher& watcher) {
  auto loaded = load_spec(s.options.spec, s.options.config);
  if (!loaded) {
    print_error(loaded.error());
    std::cerr << "gw: still serving the last good version\n";
    std::cerr.flush();
    return;
  }
  if (auto note = use_deployment(*loaded, s.options.spec, s.options.stage, s.options.state_dir);
      !note) {
    print_error(note.error());
    std::cerr << "gw: still serving the last good version\n";
    return;
  }
  std::vector<std::string> notes;
  auto canaries =
      load_canaries(*loaded, s.options.spec, s.options.stage, s.options.state_dir, &notes);
  if (!canaries) {
    print_error(canaries.error());
    std::cerr << "gw: still serving the last good version\n";
    return;
  }
  auto gateway = s.build(loaded->api, *canaries);
  if (auto sinks = s.access_logs.configure(gateway->primary().api()); !sinks) {
    print_error(sinks.error());
    std::cerr << "gw: still serving the last good version\n";
    return;
  }
  const model::Api& reloaded = gateway->primary().api();
  s.metrics.set_api(reloaded);
  const size_t routes = reloaded.type == model::ApiType::WebSocket
                            ? reloaded.websocket_routes.size()
                            : reloaded.operations.size();
  s.front_door.store(std::make_shared<const FrontDoor>(gateway->primary().api()));
  s.gateway.store(std::move(gateway));
  if (s.ws) {
    s.ws->set_api(loaded->api);
  }
  watcher.reset(watched_files(*loaded, s.options));
  std::string line = "reloaded: " + std::to_string(routes) + " routes";
  for (const std::string& n : notes) {
    line += "\n" + n;
  }
  say(line);
}

void watch_loop(ServeState& s, FileWatcher watcher) {
  while (!s.wait_done(std::chrono::milliseconds(250))) {
    if (!watcher.changed()) {
      continue;
    }
    // Backstop: whatever an edited spec does to the loader, the running server keeps going.
    try {
      reload(s, watcher);
    } catch (const std::exception& e) {
      std::lock_guard lock(g_out_mu);
      std::cerr << "gw: error: reloading " << s.options.spec << ": " << e.what() << '\n'
                << "gw: still serving the last good version\n";
      std::cerr.flush();
    }
  }
}

// Requests flush the quota counters at most once a second, so the last ones of a burst would
// wait for a later request: this flushes them within a second anyway, for `gw usage`.
void flush_loop(ServeState& s) {
  while (!s.wait_done(std::chrono::milliseconds(250))) {
    if (!s.store) {
      continue;
    }
    if (auto why = s.store->flush_if_due(s.clock.monotonic(), std::chrono::seconds(1))) {
      std::lock_guard lock(g_out_mu);
      std::cerr << "gw: warning: quota: " << *why << '\n';
      std::cerr.flush();
    }
  }
}

// SIGINT/SIGTERM are blocked in every thread and taken here, so stopping is ordinary code.
void signal_loop(ServeState& s, server::HttpServer& server, sigset_t set) {
  const timespec tick{0, 100'000'000};
  while (!s.wait_done(std::chrono::milliseconds(0))) {
    if (sigtimedwait(&set, nullptr, &tick) > 0) {
      server.stop();
      return;
    }
  }
}

bool all_interfaces(const std::string& host) {
  return host == "0.0.0.0" || host == "::" || host.empty();
}

std::string display_host(const std::string& host) {
  if (all_interfaces(host)) {
    return "127.0.0.1";
  }
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// The machine's other addresses a client on the network can reach `gw serve --host 0.0.0.0` at.
std::vector<std::string> network_addresses(bool v6) {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return out;
  }
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || (i->ifa_flags & IFF_LOOPBACK) != 0) {
      continue;
    }
    char text[INET6_ADDRSTRLEN] = {};
    const int family = i->ifa_addr->sa_family;
    if (family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, text,
                sizeof(text));
      out.emplace_back(text);
    } else if (family == AF_INET6 && v6) {
      const auto* a6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      if (!IN6_IS_ADDR_LINKLOCAL(&a6->sin6_addr)) {
        inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof(text));
        out.push_back("[" + std::string(text) + "]");
      }
    }
  }
  freeifaddrs(list);
  return out;
}

void warn_if_exposed(const ServeOptions& o, int port) {
  if (!all_interfaces(o.host)) {
    return;
  }
  std::string line = "gw: warning: listening on every interface (--host " + o.host +
                     "): the API is reachable from the network";
  for (const std::string& a : network_addresses(o.host == "::")) {
    line += "\n  also at http://" + a + ":" + std::to_string(port) + "/";
  }
  std::lock_guard lock(g_out_mu);
  std::cerr << line << '\n';
  std::cerr.flush();
}

void print_banner(const ServeState& s, const Gateway& gateway, int port, size_t files,
                  const std::vector<std::string>& canary_notes, const ServeTls& tls) {
  const bool colour = colour_enabled(stdout);
  const model::Api& api = gateway.api();
  const std::string base = (tls.options ? "https://" : "http://") + display_host(s.options.host) +
                           ":" + std::to_string(port);
  std::string type = std::string(model::to_string(api.type)) + " API";
  if (!api.type_reason.empty()) {
    type += ", " + api.type_reason;
  }
  std::string out = "gw " GW_VERSION ": " +
                    paint(api.title.empty() ? "(untitled)" : api.title, Colour::Bold, colour) +
                    " (" + type + ") from " + s.options.spec + "\n";
  out += (s.source_note.empty() ? std::string("serving the working spec (auto-deploy)")
                                : s.source_note) +
         "\n";
  for (const std::string& n : canary_notes) {
    out += n + "\n";
  }
  const auto endpoints = gateway.endpoints();
  for (const auto& e : api.type == model::ApiType::WebSocket ? decltype(endpoints){} : endpoints) {
    out += "  stage " + pad(e.stage, 10) + " " + base + (e.base_path.empty() ? "/" : e.base_path) +
           "\n";
  }
  if (api.type == model::ApiType::WebSocket) {
    for (const std::string& line : websocket_banner(api, s.options.stage,
                                                    (tls.options ? "wss" : "ws") + base.substr(
                                                        base.find(':')))) {
      out += line + "\n";
    }
  }
  if (api.type != model::ApiType::WebSocket) {  // its routes are listed above
    out += format_route_table(route_rows(api), "  ", colour);
  }
  for (const auto& op : api.operations) {
    if (op.method == "GET" && op.path.find('{') == std::string::npos && !op.path.empty() &&
        op.path.front() == '/' && !endpoints.empty()) {
      const std::string trust = tls.ca_path.empty() ? "" : "--cacert " + tls.ca_path + " ";
      out += "try: curl " + trust + base + endpoints.front().base_path + op.path + "\n";
      break;
    }
  }
  if (s.admin_port >= 0) {
    out += "admin: http://127.0.0.1:" + std::to_string(s.admin_port) +
           "/dashboard (also /metrics, /metrics.json, /health)\n";
  }
  for (const std::string& line :
       s.front_door.load()->describe(tls.options ? "https" : "http", port)) {
    out += line + "\n";
  }
  for (const std::string& line : tls_banner(tls)) {
    out += line + "\n";
  }
  out += s.options.no_watch ? "not watching for changes (--no-watch)\n"
                            : "watching " + std::to_string(files) + " file(s) for changes\n";
  say(out.substr(0, out.size() - 1));
}

ExitCode serve_until_stopped(ServeState& s, server::HttpServer& server, const FileWatcher& w,
                             const sigset_t& signals) {
  std::thread signal_thread(signal_loop, std::ref(s), std::ref(server), signals);
  std::thread flush_thread(flush_loop, std::ref(s));
  std::thread watch_thread;
  if (!s.options.no_watch) {
    watch_thread = std::thread(watch_loop, std::ref(s), w);
  }
  server.run();
  s.finish();
  signal_thread.join();
  flush_thread.join();
  if (watch_thread.joinable()) {
    watch_thread.join();
  }
  const long long n = s.served.load();
  say("stopped: " + std::to_string(n) + (n == 1 ? " request" : " requests") + " served");
  for (const std::string& line : s.metrics.summary_lines()) {
    say(line);
  }
  const auto split = s.gateway.load();
  auto print_cache = [](const Gateway& g, const std::string& suffix) {
    for (const CacheCount& c : g.cache_counts()) {
      say("cache " + c.stage + suffix + " " + c.method + ": CacheHitCount " +
          std::to_string(c.hits) + ", CacheMissCount " + std::to_string(c.misses));
    }
  };
  print_cache(split->primary(), "");
  for (const pipeline::StageCanary& c : split->canaries()) {
    print_cache(*c.gateway, " (canary)");
  }
  return ExitCode::Ok;
}

}  // namespace

void setup_serve(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand("serve", "Serve an API locally");
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("-p,--port", o->port, "Port to listen on (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  sub->add_option("--host", o->host, "Address to listen on")->capture_default_str();
  sub->add_option("--stage", o->stage, "Serve this stage alone (its deployment when it has one)");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_option("--state-dir", o->state_dir, "Deployments directory (default .gw/ beside SPEC)");
  sub->add_option("--threads", o->threads, "Worker threads (0 = max(64, 4 x cores))")
      ->check(CLI::Range(0, 4096));
  sub->add_flag("--no-watch", o->no_watch, "Do not reload when the spec changes");
  sub->add_option_function<std::string>(
         "--log-format", [o](const std::string& f) { o->log_json = f == "json"; },
         "Each request's line as text (default) or a JSON object")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--admin-port", o->admin_port,
                  "Serve /dashboard and /metrics on 127.0.0.1:PORT (0 = any free)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--seed", o->seed, "Seed the random source (request ids, canary picks)");
  sub->add_option("--record", o->record, "Append every exchange to FILE (JSON Lines, for replay)");
  sub->add_flag("--redact", o->redact, "Mask Authorization, x-api-key and cookies in --record");
  sub->add_option("--redact-header", o->redact_headers, "Also mask this header (repeatable)");
  sub->add_flag("--tls", o->tls, "Serve HTTPS too (certificates from gw's local CA)");
  sub->add_option("--cert", o->cert, "PEM certificate for HTTPS (implies --tls)");
  sub->add_option("--key", o->key, "PEM private key of --cert");
  sub->callback([o, &result] { result = run_serve(*o); });
}

ExitCode run_serve(const ServeOptions& options) {
  // Block the stop signals before any thread exists; signal_loop takes them synchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  ServeState s(options);
  if (!options.record.empty()) {
    auto recorder = replay::Recorder::open(
        {options.record, options.redact || !options.redact_headers.empty(), options.redact_headers},
        s.random);
    if (!recorder) {
      print_error(recorder.error());
      return exit_code_for(recorder.error().kind);
    }
    s.recorder = std::move(*recorder);
  }
  warn_undeclared_stage(*loaded->api, options.stage);
  auto note = use_deployment(*loaded, options.spec, options.stage, options.state_dir);
  if (!note) {
    return report_load_error(note.error());
  }
  s.source_note = *note;
  std::vector<std::string> canary_notes;
  auto canaries =
      load_canaries(*loaded, options.spec, options.stage, options.state_dir, &canary_notes);
  if (!canaries) {
    return report_load_error(canaries.error());
  }
  const auto& traced_stages = loaded->api->gw.stages;
  const bool traced = std::any_of(traced_stages.begin(), traced_stages.end(),
                                  [](const model::StageConfig& st) { return st.tracing_enabled; });
  const char* daemon = std::getenv("AWS_XRAY_DAEMON_ADDRESS");
  auto xray = server::UdpSegmentSink::open(
      daemon != nullptr && *daemon != '\0' ? std::string_view(daemon) : server::kXrayDaemonDefault);
  if (xray) {
    s.xray = std::move(*xray);
  } else if (traced) {
    print_error(xray.error());
    return exit_code_for(xray.error().kind);
  } else {  // no stage traces: an address gw may not use is no reason to refuse to serve
    std::cerr << "gw: warning: " << xray.error().message
              << "; no X-Ray segments will be sent\n";
  }
  if (auto opened = s.open_state(*loaded->api); !opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().kind);
  }
  s.gateway.store(s.build(loaded->api, *canaries));
  const auto first = s.gateway.load();
  if (auto sinks = s.access_logs.configure(first->primary().api()); !sinks) {
    print_error(sinks.error());
    return exit_code_for(sinks.error().kind);
  }
  s.front_door.store(std::make_shared<const FrontDoor>(first->primary().api()));
  s.metrics.set_api(first->primary().api());
  const bool colour = colour_enabled(stdout);
  const std::string state_dir = model::state_dir_of(first->primary().api(), options.state_dir);
  const LocalIssuerEndpoints issuer(state_dir);
  auto tls = prepare_tls({options.tls, options.cert, options.key, options.host, state_dir},
                         first->primary().api());
  if (!tls) {
    print_error(tls.error());
    return exit_code_for(tls.error().kind);
  }
  server::ServerOptions server_options{options.host, options.port, options.threads};
  server_options.tls = tls->options;
  server::HttpServer server(
      [&s, &issuer](const Request& req, RequestLog* log) {
        if (auto answer = issuer.answer(req)) {
          return *answer;  // gw token's issuer: discovery document and JWKS
        }
        FrontDoor::Admission in = s.front_door.load()->admit(req);
        if (in.answer) {
          return *in.answer;  // the default endpoint disabled, or a domain path nobody maps
        }
        const Request& r = in.rewritten ? *in.rewritten : req;
        if (s.ws) {
          if (auto managed = s.ws->manage(r)) {
            return *managed;  // the @connections API of a WebSocket API
          }
        }
        const auto split = s.gateway.load();
        const Gateway& gateway = split->pick(r);  // a stage's canary, or the stage's own
        return s.recorder ? s.recorder->handle(gateway, r, log) : gateway.handle(r, log);
      },
      std::move(server_options),
      [&s, colour](const RequestLog& log) {
        s.served.fetch_add(1, std::memory_order_relaxed);
        s.metrics.count(log);
        write_access_log(s, log, colour);
        print_request_warnings(log);
        print_execution_log(log);
      });
  server.set_blocking_predicate([&s](const Request&) { return s.blocking.load(); });
  if (first->primary().api().type == model::ApiType::WebSocket) {
    websocket::WebSocketOptions ws_options;
    ws_options.only_stage = options.stage;
    websocket::WebSocketDeps ws_deps;
    ws_deps.clock = &s.clock;
    ws_deps.random = &s.random;
    ws_deps.lambda = &s.functions;
    s.ws = std::make_unique<websocket::WebSocketApi>(ws_deps, ws_options,
                                                     [](const std::string& line) { say(line); });
    s.ws->set_api(loaded->api);
    server.set_websocket_handler(websocket_handler(*s.ws));
  }
  auto port = server.bind();
  if (!port) {
    print_error(port.error());
    return exit_code_for(port.error().kind);
  }
  std::optional<AdminListener> admin;
  if (options.admin_port) {
    s.metrics.keep_history(true);  // the dashboard's charts and last requests
    admin.emplace(*options.admin_port, s.metrics, [&server] { return server.connection_count(); });
    auto bound = admin->bind();
    if (!bound) {
      print_error(bound.error());
      return exit_code_for(bound.error().kind);
    }
    s.admin_port = *bound;
    admin->start();
  }
  FileWatcher watcher(watched_files(*loaded, options));
  print_banner(s, first->primary(), *port, watcher.size(), canary_notes, *tls);
  warn_if_exposed(options, *port);
  if (traced) {
    say("X-Ray segments of stages with tracingEnabled go to udp " + s.xray->address());
  }
  if (s.recorder) {
    say("recording to " + options.record);
  }
  return serve_until_stopped(s, server, watcher, signals);
}

}  // namespace gw::cli
