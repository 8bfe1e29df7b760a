#include "core/lambda/worker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "core/lambda/process.h"
#include "core/lambda/spawn.h"
#include "core/lambda/runtime_http.h"

namespace gw::lambda {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using Kind = WorkerOutcome::Kind;

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";
constexpr std::string_view kInvocation = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";
// Lambda's limit on a synchronous invocation's response (and what a runtime may post).
constexpr size_t kMaxPayload = 6291556;
constexpr std::string_view kTooLarge =
    R"({"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 )"
    R"(bytes).","errorType":"Function.ResponseSizeTooLarge"})";
constexpr auto kSendBound = std::chrono::seconds(10);

int64_t epoch_ms_in(std::chrono::milliseconds d) {
  auto t = std::chrono::system_clock::now() + d;
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int millis_until(SteadyTime t) {
  auto d =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(d.count() + 1, 0, 60'000));
}

// Writes all of data to a non-blocking socket within kSendBound; false when the peer is gone.
bool send_all(int fd, std::string_view data) {
  const SteadyTime give_up = std::chrono::steady_clock::now() + kSendBound;
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, millis_until(give_up)) > 0) {
        continue;
      }
    }
    return false;
  }
  return true;
}

// A loopback listening socket on a free port; -1 on failure.
int listen_loopback(int& port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

// The worker's side of the Runtime API. Only the thread that owns the Worker touches it: the
// invoking thread serves the endpoint itself while it waits for the outcome.
struct Worker::State {
  struct Conn {
    int fd = -1;
    uint64_t id = 0;
    std::string in;
    bool closed = false;
  };

  LaunchSpec spec;
  std::string arn;
  int listen_fd = -1;
  int pid_fd = -1;  ///< readable once the process exits (-1: poll in 20 ms slices)
  pid_t pid = -1;
  int port = 0;
  bool reaped = false;
  int exit_status = 0;
  bool broken = false;  ///< timed out or abandoned mid-invocation
  std::optional<std::string> init_error;
  std::vector<Conn> conns;
  uint64_t next_conn_id = 1;
  uint64_t parked = 0;  ///< the connection whose GET /next waits for a task (0 = none)
  bool parked_keep_alive = true;
  std::shared_ptr<LogPrefix> log;

  const WorkerTask* task = nullptr;
  bool picked = false;
  SteadyTime fn_deadline{};
  std::optional<WorkerOutcome> outcome;

  ~State() {
    for (Conn& c : conns) {
      close(c.fd);
    }
    for (int fd : {listen_fd, pid_fd}) {
      if (fd >= 0) {
        close(fd);
      }
    }
  }

  // Whether the process ended (reaps it).
  bool exited() {
    if (reaped) {
      return true;
    }
    if (std::optional<int> status = reap_if_exited(pid)) {
      reaped = true;
      exit_status = *status;
      return true;
    }
    return false;
  }

  // False when the answer could not be sent.
  bool respond(Conn& c, int status, std::string_view body, bool keep_alive,
               const std::vector<ResponseHead>& headers = {}) {
    const bool sent = send_all(c.fd, format_response(status, headers, body, keep_alive));
    if (!sent || !keep_alive) {
      c.closed = true;
    }
    return sent;
  }

  void send_event(Conn& c, bool keep_alive) {
    const auto timeout = std::chrono::seconds(spec.timeout_seconds);
    const std::string deadline = std::to_string(epoch_ms_in(timeout));
    std::vector<ResponseHead> h{{"Lambda-Runtime-Aws-Request-Id", task->request_id},
                                {"Lambda-Runtime-Deadline-Ms", deadline},
                                {"Lambda-Runtime-Invoked-Function-Arn", arn}};
    if (!task->trace_id.empty()) {
      h.push_back({"Lambda-Runtime-Trace-Id", task->trace_id});  // the request's X-Amzn-Trace-Id
    }
    if (!task->client_context.empty()) {
      h.push_back({"Lambda-Runtime-Client-Context", task->client_context});
    }
    if (!task->cognito_identity.empty()) {
      h.push_back({"Lambda-Runtime-Cognito-Identity", task->cognito_identity});
    }
    if (respond(c, 200, task->payload, keep_alive, h)) {
      picked = true;
      fn_deadline = std::chrono::steady_clock::now() + timeout;
    }
  }

  // Whether `rest` ("{id}/response" or "{id}/error") names the invocation awaiting its result.
  bool awaits_result(std::string_view rest) const {
    return task != nullptr && picked && !outcome &&
           rest.substr(0, rest.rfind('/')) == task->request_id;
  }

  // Whether req (its head at least) is the current invocation's POST .../{id}/response.
  bool is_current_result(const RuntimeRequest& req) const {
    std::string_view path = req.target;
    return req.method == "POST" && path.starts_with(kInvocation) && path.ends_with("/response") &&
           awaits_result(path.substr(kInvocation.size()));
  }

  // /invocation/{id}/response and /invocation/{id}/error.
  void on_result(Conn& c, const RuntimeRequest& req, std::string_view rest) {
    const bool error = rest.ends_with("/error");
    if (!awaits_result(rest)) {
      respond(c, 400, R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})",
              req.keep_alive);
      return;
    }
    outcome = WorkerOutcome{error ? Kind::Error : Kind::Response, req.body,
                            std::string(req.header("lambda-runtime-function-error-type")), ""};
    respond(c, 202, R"({"status":"OK"})", req.keep_alive);
  }

  void handle(Conn& c, const RuntimeRequest& req) {
    std::string_view path = req.target;
    path = path.substr(0, path.find('?'));
    if (req.method == "GET" && path == kNext) {
      if (task != nullptr && !picked) {
        send_event(c, req.keep_alive);
      } else {
        parked = c.id;  // answered when a task arrives
        parked_keep_alive = req.keep_alive;
      }
    } else if (req.method == "POST" && path.starts_with(kInvocation) &&
               (path.ends_with("/response") || path.ends_with("/error"))) {
      on_result(c, req, path.substr(kInvocation.size()));
    } else if (req.method == "POST" && path == kInitError) {
      init_error = req.body.empty() ? std::string(R"({"errorMessage":"init error"})") : req.body;
      respond(c, 202, R"({"status":"OK"})", req.keep_alive);
    } else {
      respond(c, 404, R"({"errorMessage":"Unknown Runtime API path","errorType":"NotFound"})",
              req.keep_alive);
    }
  }

  // Serves every complete request already read; stops at the first that ends the invocation.
  bool serve_buffered() {
    RuntimeRequest req;
    for (Conn& c : conns) {
      while (!outcome && !init_error && !c.in.empty()) {
        ParseResult r = parse_request(c.in, req, kMaxPayload);
        if (r.status == ParseStatus::NeedMore) {
          break;
        }
        if (r.status == ParseStatus::Bad) {
          if (r.http_status == 413 && is_current_result(req)) {
            outcome = WorkerOutcome{Kind::Error, std::string(kTooLarge),
                                    "Function.ResponseSizeTooLarge", "response too large"};
          }
          respond(c, r.http_status, R"({"errorMessage":"bad request","errorType":"BadRequest"})",
                  false);
          c.in.clear();
          break;
        }
        handle(c, req);
      }
    }
    std::erase_if(conns, [this](const Conn& c) {
      if (c.closed) {
        close(c.fd);
        if (parked == c.id) {
          parked = 0;
        }
      }
      return c.closed;
    });
    return outcome || init_error;
  }

  void accept_all() {
    while (true) {
      int fd = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) {
        return;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      conns.push_back({fd, next_conn_id++, {}, false});
    }
  }

  void read_from(Conn& c) {
    char buf[64 * 1024];
    while (true) {
      ssize_t n = recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.in.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        c.closed = true;  // its buffered requests are still served
      }
      return;
    }
  }

  // Waits until a socket or the process has news, or until.
  void wait(SteadyTime until) {
    std::vector<pollfd> fds;
    fds.reserve(conns.size() + 2);
    fds.push_back({listen_fd, POLLIN, 0});
    fds.push_back({pid_fd, POLLIN, 0});  // poll ignores a negative fd
    for (const Conn& c : conns) {
      fds.push_back({c.fd, POLLIN, 0});
    }
    int ms = millis_until(until);
    if (pid_fd < 0) {
      ms = std::min(ms, 20);
    }
    if (poll(fds.data(), fds.size(), ms) <= 0) {
      return;
    }
    for (size_t i = 0; i < conns.size(); ++i) {
      if (fds[i + 2].revents != 0) {
        read_from(conns[i]);
      }
    }
    if (fds[0].revents != 0) {
      accept_all();
    }
  }

  WorkerOutcome drive(SteadyTime caller_deadline) {
    for (Conn& c : conns) {
      if (c.id == parked && !c.closed) {
        parked = 0;
        send_event(c, parked_keep_alive);
      }
    }
    while (true) {
      if (serve_buffered()) {
        if (init_error) {
          return {Kind::InitError, *init_error, "", "init error"};
        }
        return std::move(*outcome);
      }
      const SteadyTime now = std::chrono::steady_clock::now();
      if (now >= caller_deadline) {
        return {Kind::CallerTimeout, "", "", "caller timeout"};
      }
      if (picked && now >= fn_deadline) {
        return {Kind::Timeout, "", "", "function timeout"};
      }
      if (exited()) {
        for (Conn& c : conns) {
          read_from(c);  // a result posted just before exiting still counts
        }
        if (!serve_buffered()) {
          return {Kind::Exited, "", "", "exit status " + std::to_string(exit_status)};
        }
        continue;
      }
      wait(picked ? std::min(caller_deadline, fn_deadline) : caller_deadline);
    }
  }
};

Worker::Worker(std::unique_ptr<State> state) : s_(std::move(state)) {}

Result<std::unique_ptr<Worker>> Worker::start(const LaunchSpec& spec) {
  auto s = std::make_unique<State>();
  s->spec = spec;
  s->arn = function_arn(spec.function_name);
  s->log = std::make_shared<LogPrefix>(spec.function_name);
  s->listen_fd = listen_loopback(s->port);
  if (s->listen_fd < 0) {
    return fail(ErrorKind::Environment, "cannot listen for the Runtime API on 127.0.0.1: " +
                                            std::string(std::strerror(errno)));
  }
  auto env = spec.env;
  env.emplace_back("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + std::to_string(s->port));
  auto spawned = spawn_process(spec.argv, spec.cwd, env);
  if (!spawned) {
    return std::unexpected(spawned.error());
  }
  s->pid = spawned->pid;
  // glibc 2.36's <sys/pidfd.h> lacks extern "C": the system call itself.
  s->pid_fd = static_cast<int>(syscall(SYS_pidfd_open, s->pid, 0));
  forward_output(spawned->output_fd, s->log);
  return std::unique_ptr<Worker>(new Worker(std::move(s)));
}

Worker::~Worker() { kill_and_reap(s_->pid, s_->reaped); }

pid_t Worker::pid() const { return s_->pid; }
int Worker::port() const { return s_->port; }

bool Worker::usable() { return !s_->broken && !s_->init_error && !s_->exited(); }

WorkerOutcome Worker::run(const WorkerTask& task) {
  State& s = *s_;
  s.log->set_request_id(task.request_id);
  s.task = &task;
  s.picked = false;
  s.outcome.reset();
  WorkerOutcome o = s.drive(std::chrono::steady_clock::now() + task.caller_timeout);
  s.task = nullptr;
  s.outcome.reset();
  if (o.kind != Kind::Response && o.kind != Kind::Error) {
    s.broken = true;  // the pool discards this worker
  }
  return o;
}

}  // namespace gw::lambda
