#include "core/lambda/worker.h"

#include <httplib.h>
#include <sys/wait.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "core/lambda/process.h"

namespace gw::lambda {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

constexpr std::string_view kPrefix = "/2018-06-01/runtime";

int64_t epoch_ms_in(std::chrono::milliseconds d) {
  auto t = std::chrono::system_clock::now() + d;
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// An X-Ray style trace id derived from the request id (hex digits only).
std::string trace_id_for(std::string_view request_id) {
  std::string hex;
  for (char c : request_id) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
      hex.push_back(c);
    }
  }
  hex.resize(40, '0');
  char secs[16];
  std::snprintf(secs, sizeof secs, "%08llx",
                static_cast<unsigned long long>(epoch_ms_in({}) / 1000));
  return "Root=1-" + std::string(secs) + "-" + hex.substr(0, 24) + ";Parent=" + hex.substr(24, 16) +
         ";Sampled=0";
}

void answer_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

}  // namespace

struct Worker::State {
  LaunchSpec spec;
  std::mutex mu;
  std::condition_variable cv;
  std::optional<WorkerTask> task;
  bool picked = false;
  SteadyTime fn_deadline{};
  std::optional<WorkerOutcome> outcome;
  std::optional<std::string> init_error;
  bool stopping = false;
  bool reaped = false;
  int exit_status = 0;
  pid_t pid = -1;
  int port = 0;
  httplib::Server server;
  std::thread server_thread;
  std::shared_ptr<LogPrefix> log;

  // Whether the process ended (reaps it); call with mu held.
  bool exited() {
    if (reaped) {
      return true;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
      exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return true;
    }
    return false;
  }

  void on_next(httplib::Response& res) {
    std::unique_lock lock(mu);
    cv.wait(lock, [this] { return stopping || (task && !picked); });
    if (stopping) {
      answer_json(res, 500, R"({"errorMessage":"gw is stopping","errorType":"ServiceException"})");
      return;
    }
    picked = true;
    auto timeout = std::chrono::seconds(spec.timeout_seconds);
    fn_deadline = std::chrono::steady_clock::now() + timeout;
    res.set_header("Lambda-Runtime-Aws-Request-Id", task->request_id);
    res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(epoch_ms_in(timeout)));
    res.set_header("Lambda-Runtime-Invoked-Function-Arn", function_arn(spec.function_name));
    res.set_header("Lambda-Runtime-Trace-Id", trace_id_for(task->request_id));
    if (!task->client_context.empty()) {
      res.set_header("Lambda-Runtime-Client-Context", task->client_context);
    }
    if (!task->cognito_identity.empty()) {
      res.set_header("Lambda-Runtime-Cognito-Identity", task->cognito_identity);
    }
    answer_json(res, 200, task->payload);
  }

  // /invocation/{id}/response and /invocation/{id}/error.
  void on_result(const httplib::Request& req, httplib::Response& res, bool error) {
    std::lock_guard lock(mu);
    const std::string id = req.matches[1];
    if (!task || !picked || task->request_id != id || outcome) {
      answer_json(res, 400,
                  R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})");
      return;
    }
    WorkerOutcome o;
    o.kind = error ? WorkerOutcome::Kind::Error : WorkerOutcome::Kind::Response;
    o.payload = req.body;
    o.error_type = req.get_header_value("Lambda-Runtime-Function-Error-Type");
    outcome = std::move(o);
    cv.notify_all();
    answer_json(res, 202, R"({"status":"OK"})");
  }

  void on_init_error(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    init_error = req.body.empty() ? std::string(R"({"errorMessage":"init error"})") : req.body;
    cv.notify_all();
    answer_json(res, 202, R"({"status":"OK"})");
  }

  void routes() {
    const std::string p(kPrefix);
    server.Get(p + "/invocation/next",
               [this](const httplib::Request&, httplib::Response& res) { on_next(res); });
    server.Post(
        p + R"(/invocation/([^/]+)/response)",
        [this](const httplib::Request& q, httplib::Response& r) { on_result(q, r, false); });
    server.Post(p + R"(/invocation/([^/]+)/error)",
                [this](const httplib::Request& q, httplib::Response& r) { on_result(q, r, true); });
    server.Post(p + "/init/error",
                [this](const httplib::Request& q, httplib::Response& r) { on_init_error(q, r); });
    server.new_task_queue = [] { return new httplib::ThreadPool(3); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1 << 30);
    server.set_keep_alive_timeout(3600);
    server.set_read_timeout(3600);
    server.set_payload_max_length(7 * 1024 * 1024);
  }
};

Worker::Worker(std::unique_ptr<State> state) : s_(std::move(state)) {}

Result<std::unique_ptr<Worker>> Worker::start(const LaunchSpec& spec) {
  auto s = std::make_unique<State>();
  s->spec = spec;
  s->log = std::make_shared<LogPrefix>(spec.function_name);
  s->routes();
  s->port = s->server.bind_to_any_port("127.0.0.1");
  if (s->port <= 0) {
    return fail(ErrorKind::Environment, "cannot bind a Runtime API port on 127.0.0.1");
  }
  s->server_thread = std::thread([srv = &s->server] { srv->listen_after_bind(); });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!s->server.is_running()) {
    if (std::chrono::steady_clock::now() > give_up) {
      s->server.stop();
      s->server_thread.join();
      return fail(ErrorKind::Environment, "the Runtime API endpoint did not start");
    }
    std::this_thread::yield();
  }
  auto env = spec.env;
  env.emplace_back("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + std::to_string(s->port));
  auto spawned = spawn_process(spec.argv, spec.cwd, env);
  if (!spawned) {
    s->server.stop();
    s->server_thread.join();
    return std::unexpected(spawned.error());
  }
  s->pid = spawned->pid;
  forward_output(spawned->output_fd, s->log);
  return std::unique_ptr<Worker>(new Worker(std::move(s)));
}

Worker::~Worker() {
  {
    std::lock_guard lock(s_->mu);
    s_->stopping = true;
    s_->cv.notify_all();
    kill_and_reap(s_->pid, s_->reaped);
    s_->reaped = true;
  }
  s_->server.stop();
  s_->server_thread.join();
}

pid_t Worker::pid() const { return s_->pid; }
int Worker::port() const { return s_->port; }

bool Worker::usable() {
  std::lock_guard lock(s_->mu);
  return !s_->stopping && !s_->init_error && !s_->exited();
}

WorkerOutcome Worker::run(const WorkerTask& task) {
  using Kind = WorkerOutcome::Kind;
  std::unique_lock lock(s_->mu);
  s_->task = task;
  s_->picked = false;
  s_->outcome.reset();
  s_->log->set_request_id(task.request_id);
  s_->cv.notify_all();
  const SteadyTime caller_deadline = std::chrono::steady_clock::now() + task.caller_timeout;
  auto finish = [&](WorkerOutcome o) {
    s_->task.reset();
    if (o.kind != Kind::Response && o.kind != Kind::Error) {
      s_->stopping = true;  // the pool discards this worker
      s_->cv.notify_all();
    }
    return o;
  };
  while (true) {
    if (s_->outcome) {
      WorkerOutcome o = std::move(*s_->outcome);
      s_->outcome.reset();
      return finish(std::move(o));
    }
    if (s_->init_error) {
      return finish({Kind::InitError, *s_->init_error, "", "init error"});
    }
    SteadyTime now = std::chrono::steady_clock::now();
    if (now >= caller_deadline) {
      return finish({Kind::CallerTimeout, "", "", "caller timeout"});
    }
    if (s_->picked && now >= s_->fn_deadline) {
      return finish({Kind::Timeout, "", "", "function timeout"});
    }
    if (s_->exited()) {
      return finish({Kind::Exited, "", "", "exit status " + std::to_string(s_->exit_status)});
    }
    SteadyTime next = std::min(caller_deadline, now + std::chrono::milliseconds(20));
    if (s_->picked) {
      next = std::min(next, s_->fn_deadline);
    }
    s_->cv.wait_until(lock, next);
  }
}

}  // namespace gw::lambda
