#include "core/lambda/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <thread>

#include "core/base/strings.h"

extern char** environ;

namespace gw::lambda {

namespace {

std::mutex g_stderr_mu;  // one forwarded line at a time

std::vector<std::string> merged_environment(
    const std::vector<std::pair<std::string, std::string>>& env) {
  std::set<std::string> replaced;
  for (const auto& entry : env) {
    replaced.insert(entry.first);
  }
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    std::string key(kv.substr(0, kv.find('=')));
    if (!replaced.contains(key)) {
      out.emplace_back(kv);
    }
  }
  for (const auto& [key, value] : env) {
    out.push_back(key + "=" + value);
  }
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

// posix_spawn attributes: own process group, default signal dispositions, nothing blocked.
void init_attributes(posix_spawnattr_t& attr) {
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t all;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

constexpr size_t kMaxLine = 64 * 1024;

// A handler's output line, its control characters escaped (it cannot drive the terminal).
void write_line(const std::string& prefix, std::string_view line) {
  std::string out = prefix + " " + escape_controls(line) + "\n";
  std::lock_guard lock(g_stderr_mu);
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

Result<Spawned> spawn_process(const std::vector<std::string>& argv, const std::string& cwd,
                              const std::vector<std::pair<std::string, std::string>>& env) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ErrorKind::Environment, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  init_attributes(attr);
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = merged_environment(env);
  std::vector<char*> argp = pointers(args);
  std::vector<char*> envp = pointers(envs);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argp[0], &actions, &attr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return fail(ErrorKind::Environment,
                "cannot start '" + argv[0] + "' in " + cwd + ": " + std::strerror(rc));
  }
  return Spawned{pid, fds[0]};
}

void LogPrefix::set_request_id(std::string id) {
  std::lock_guard lock(mu_);
  request_id_ = std::move(id);
}

std::string LogPrefix::prefix() const {
  std::lock_guard lock(mu_);
  if (request_id_.empty()) {
    return "[" + name_ + "]";
  }
  return "[" + name_ + " " + request_id_.substr(0, 8) + "]";
}

void forward_output(int fd, std::shared_ptr<LogPrefix> prefix) {
  std::thread([fd, prefix = std::move(prefix)] {
    std::string pending;
    char buf[4096];
    while (true) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;
      }
      pending.append(buf, static_cast<size_t>(n));
      size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        write_line(prefix->prefix(), std::string_view(pending).substr(0, nl));
        pending.erase(0, nl + 1);
      }
      if (pending.size() > kMaxLine) {  // output without newlines is cut, never hoarded
        write_line(prefix->prefix(), pending);
        pending.clear();
      }
    }
    if (!pending.empty()) {
      write_line(prefix->prefix(), pending);
    }
    close(fd);
  }).detach();
}

void kill_and_reap(pid_t pid, bool already_reaped) {
  if (pid <= 0) {
    return;
  }
  kill(-pid, SIGKILL);
  if (!already_reaped) {
    kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace gw::lambda
