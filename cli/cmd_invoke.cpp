#include "cli/cmd_invoke.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>

#include "cli/spec_loading.h"
#include "cli/term.h"
#include "core/base/strings.h"
#include "core/integrations/aws_sink.h"
#include "core/integrations/httplib_client.h"
#include "core/lambda/function_manager.h"
#include "core/limits/state_store.h"
#include "core/pipeline/gateway.h"

namespace gw::cli {
namespace {

Result<Request> build_request(const InvokeOptions& o) {
  Request req;
  req.method = to_upper(o.method);
  const size_t q = o.path.find('?');
  req.path = o.path.substr(0, q);
  if (q != std::string::npos) {
    req.query = o.path.substr(q + 1);
  }
  if (req.path.empty() || req.path.front() != '/') {
    req.path.insert(req.path.begin(), '/');
  }
  for (const auto& h : o.headers) {
    const size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0) {
      return fail(ErrorKind::BadInput, "bad header '" + h + "'", {},
                  "write headers as -H 'Name: value'");
    }
    req.headers.add(std::string(trim(h.substr(0, colon))), std::string(trim(h.substr(colon + 1))));
  }
  if (!req.headers.has("Host")) {
    req.headers.add("Host", "localhost");
  }
  if (!o.data.empty() && o.data.front() == '@') {
    std::ifstream in(o.data.substr(1), std::ios::binary);
    if (!in) {
      return fail(ErrorKind::BadInput, "cannot read '" + o.data.substr(1) + "'", {},
                  "-d @FILE reads the body from FILE");
    }
    std::ostringstream body;
    body << in.rdbuf();
    req.body = body.str();
  } else {
    req.body = o.data;
  }
  return req;
}

// PATH may omit the stage prefix when the API has exactly one stage.
void add_stage_prefix(const std::vector<StageEndpoint>& endpoints, std::string& path) {
  for (const auto& e : endpoints) {
    const std::string& base = e.base_path;
    if (base.empty() || path == base || path.starts_with(base + "/")) {
      return;
    }
  }
  if (endpoints.size() == 1) {
    path = endpoints.front().base_path + (path == "/" ? "" : path);
  }
}

void print_text(const Response& res) {
  std::cout << "HTTP/1.1 " << res.status << ' ' << reason_phrase(res.status) << '\n';
  for (const auto& [name, value] : res.headers) {
    std::cout << name << ": " << value << '\n';
  }
  std::cout << '\n' << res.body;
  if (!res.body.empty() && res.body.back() != '\n' && colour_enabled(stdout)) {
    std::cout << '\n';
  }
  std::cout.flush();
}

void print_json(const Response& res, const RequestLog& log) {
  nlohmann::ordered_json headers = nlohmann::ordered_json::object();
  for (const auto& [name, value] : res.headers) {
    if (headers.contains(name)) {
      headers[name] = headers[name].get<std::string>() + "," + value;
    } else {
      headers[name] = value;
    }
  }
  nlohmann::ordered_json out = {{"status", res.status},          {"headers", headers},
                                {"body", res.body},              {"requestId", log.request_id},
                                {"latencyMs", log.latency_ms}};
  if (!log.access_line.empty()) {
    out["accessLog"] = log.access_line;  // the stage's accessLogSettings line
  }
  std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace

void setup_invoke(CLI::App& app, ExitCode& result) {
  auto o = std::make_shared<InvokeOptions>();
  CLI::App* sub = app.add_subcommand("invoke", "Send one request through the gateway");
  sub->add_option("spec", o->spec, "OpenAPI spec (YAML or JSON)")->required();
  sub->add_option("method", o->method, "HTTP method")->required();
  sub->add_option("path", o->path, "Path with the stage prefix (/dev/pets?x=1)")->required();
  sub->add_option("-H,--header", o->headers, "Request header 'Name: value' (repeatable)");
  sub->add_option("-d,--data", o->data, "Request body, or @FILE to read it from FILE");
  sub->add_option("--stage", o->stage, "Serve this stage alone");
  sub->add_option("--config", o->config, "x-gw configuration in its own file");
  sub->add_flag("--json", o->json, "Print the response as JSON");
  sub->add_flag("--trace", o->trace, "Print the gateway's trace to stderr");
  sub->callback([o, &result] { result = run_invoke(*o); });
}

ExitCode run_invoke(const InvokeOptions& options) {
  auto loaded = load_spec(options.spec, options.config);
  if (!loaded) {
    return report_load_error(loaded.error());
  }
  auto request = build_request(options);
  if (!request) {
    print_error(request.error());
    return ExitCode::BadInput;
  }
  warn_undeclared_stage(*loaded->api, options.stage);
  SystemClock clock;
  SeededRandom random(std::random_device{}());
  integrations::HttplibClient client;
  lambda::FunctionManager functions;
  // One request, no lasting state: the quota counters and the AWS sink stay in memory.
  limits::MemoryStateStore store;
  integrations::AwsSink aws("", clock, random, [](const std::string& line) {
    std::cerr << line << '\n';
  });
  const Gateway gateway(loaded->api,
                        GatewayDeps{&clock, &random, &client, &functions, &aws, &store},
                        GatewayOptions{options.stage, ""});
  print_gateway_warnings(gateway);
  const auto endpoints = gateway.endpoints();
  add_stage_prefix(endpoints, request->path);
  RequestLog log;
  const Response response = gateway.handle(*request, &log);
  print_request_warnings(log);
  for (const auto& line : log.execution_log) {  // the method's loggingLevel, as gw serve
    std::cerr << escape_controls(line) << '\n';
  }
  if (options.trace) {
    for (const auto& line : log.trace) {
      std::cerr << line << '\n';
    }
    std::cerr.flush();
  }
  if (options.json) {
    print_json(response, log);
  } else {
    print_text(response);
  }
  return ExitCode::Ok;
}

}  // namespace gw::cli
