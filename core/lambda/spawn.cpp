#include "core/lambda/spawn.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

extern char** environ;

namespace gw::lambda {

namespace {

// Everything the child needs, prepared by the parent: the child shares gw's memory (CLONE_VM)
// and makes only system calls until execve.
struct ChildPlan {
  const char* path = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* cwd = nullptr;
  int output_fd = -1;
  pid_t parent = -1;
  int error = 0;                ///< errno of the step that failed, written by the child
  const char* failed_step = "";  ///< which step
};

[[noreturn]] void child_fail(ChildPlan* plan, const char* step) {
  plan->error = errno;
  plan->failed_step = step;
  _exit(127);
}

int child_main(void* arg) {
  auto* plan = static_cast<ChildPlan*>(arg);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) {
      sigaction(sig, &dfl, nullptr);  // glibc's internal signals refuse: harmless
    }
  }
  if (setpgid(0, 0) != 0) {
    child_fail(plan, "setpgid");
  }
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
    child_fail(plan, "prctl");
  }
  if (getppid() != plan->parent) {
    _exit(127);  // gw died before the death signal was armed
  }
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    child_fail(plan, "prctl");
  }
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(plan->output_fd, 1) < 0 ||
      dup2(plan->output_fd, 2) < 0) {
    child_fail(plan, "redirect");
  }
  if (chdir(plan->cwd) != 0) {
    child_fail(plan, "chdir");
  }
  if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
    for (int fd = 3; fd < 65536; ++fd) {
      close(fd);
    }
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan->path, plan->argv, plan->envp);
  child_fail(plan, "exec");
}

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

// argv[0] as execvp finds it: itself when it has a '/', else the first executable regular file
// of that name on gw's PATH; "" when there is none.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return name;
  }
  const char* env_path = std::getenv("PATH");
  std::string_view dirs = env_path != nullptr ? env_path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) {
      return "";
    }
    dirs.remove_prefix(colon + 1);
  }
}

// The live workers (spawned, not yet reaped), and the lock that makes starting one and
// telling orphans from workers atomic: a worker is registered before any scan can see it.
std::mutex g_children_mu;
std::set<pid_t> g_workers;

// The one thread that starts workers (see spawn.h): it never ends, so PR_SET_PDEATHSIG fires
// only when gw does. Leaked on purpose: no destructor may run while it waits.
class Spawner {
 public:
  static Spawner& get() {
    static Spawner* spawner = new Spawner();
    return *spawner;
  }

  // Starts the child of plan; its pid, or -1 with plan.error set.
  pid_t start(ChildPlan& plan) {
    Job job{&plan};
    std::unique_lock lock(mu_);
    jobs_.push_back(&job);
    cv_.notify_all();
    cv_.wait(lock, [&job] { return job.done; });
    return job.pid;
  }

 private:
  struct Job {
    ChildPlan* plan = nullptr;
    pid_t pid = -1;
    bool done = false;
  };

  Spawner() {
    prctl(PR_SET_CHILD_SUBREAPER, 1);  // workers' orphans come back to gw (reap_orphans)
    stack_ = static_cast<char*>(mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0));
    std::thread([this] { loop(); }).detach();
  }

  void loop() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);  // no handler may run in a child sharing memory
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return !jobs_.empty(); });
      Job* job = jobs_.front();
      jobs_.pop_front();
      job->pid = clone_child(*job->plan);
      job->done = true;
      cv_.notify_all();
    }
  }

  pid_t clone_child(ChildPlan& plan) {
    if (stack_ == MAP_FAILED) {
      plan.error = ENOMEM;
      plan.failed_step = "mmap";
      return -1;
    }
    std::lock_guard children(g_children_mu);
    plan.parent = getpid();
    // CLONE_VFORK: this thread resumes once the child has called execve or exited.
    const pid_t pid = clone(child_main, stack_ + kStackSize, CLONE_VM | CLONE_VFORK | SIGCHLD,
                            &plan);
    if (pid < 0) {
      plan.error = errno;
      plan.failed_step = "clone";
      return -1;
    }
    if (plan.error != 0) {
      int status = 0;
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return -1;
    }
    g_workers.insert(pid);
    return pid;
  }

  static constexpr size_t kStackSize = 256 * 1024;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> jobs_;
  char* stack_ = nullptr;
};

// The parent pid in /proc/<pid>/stat ("pid (comm) state ppid ..."); -1 when unreadable.
pid_t parent_of(const char* pid) {
  // open/read, not an ifstream: reading the stat file of a process that has just exited
  // fails with ESRCH, which libstdc++'s stream buffer throws as an exception.
  const int fd = open((std::string("/proc/") + pid + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return -1;
  }
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n <= 0) {
    return -1;
  }
  const std::string stat(buf, static_cast<size_t>(n));
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 4 >= stat.size()) {
    return -1;
  }
  return static_cast<pid_t>(std::atoi(stat.c_str() + close + 4));  // skip ") S "
}

// gw's children that are not live workers (under g_children_mu).
std::vector<pid_t> find_orphans_locked() {
  std::vector<pid_t> out;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return out;
  }
  const pid_t self = getpid();
  while (const dirent* e = readdir(proc)) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (!g_workers.contains(pid) && parent_of(e->d_name) == self) {
      out.push_back(pid);
    }
  }
  closedir(proc);
  return out;
}

void wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

Result<Spawned> spawn_process(const std::vector<std::string>& argv, const std::string& cwd,
                              const std::vector<std::pair<std::string, std::string>>& env) {
  if (argv.empty()) {
    return fail(ErrorKind::Internal, "spawn without a command");
  }
  const std::string path = resolve_program(argv[0]);
  if (path.empty()) {
    return fail(ErrorKind::Environment, "cannot start '" + argv[0] + "' in " + cwd + ": " +
                                            std::strerror(ENOENT));
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ErrorKind::Environment, std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = merged_environment(env);
  std::vector<char*> argp = pointers(args);
  std::vector<char*> envp = pointers(envs);
  ChildPlan plan;
  plan.path = path.c_str();
  plan.argv = argp.data();
  plan.envp = envp.data();
  plan.cwd = cwd.c_str();
  plan.output_fd = fds[1];
  const pid_t pid = Spawner::get().start(plan);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    std::string step = plan.failed_step;
    std::string why = std::strerror(plan.error);
    return fail(ErrorKind::Environment, "cannot start '" + argv[0] + "' in " + cwd + ": " +
                                            (step == "exec" ? why : step + ": " + why));
  }
  return Spawned{pid, fds[0]};
}

std::optional<int> reap_if_exited(pid_t pid) {
  std::lock_guard lock(g_children_mu);
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) {
    return std::nullopt;
  }
  g_workers.erase(pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void kill_and_reap(pid_t pid, bool already_reaped) {
  if (pid <= 0) {
    return;
  }
  {
    std::lock_guard lock(g_children_mu);
    kill(-pid, SIGKILL);
    if (!already_reaped) {
      kill(pid, SIGKILL);
      wait_for(pid);
      g_workers.erase(pid);
    }
  }
  reap_orphans();
}

int reap_orphans() {
  std::lock_guard lock(g_children_mu);
  int reaped = 0;
  // Each pass kills one generation: what those leave behind comes back to gw in turn.
  for (int pass = 0; pass < 64; ++pass) {
    const std::vector<pid_t> orphans = find_orphans_locked();
    if (orphans.empty()) {
      break;
    }
    for (pid_t pid : orphans) {
      kill(pid, SIGKILL);
    }
    for (pid_t pid : orphans) {
      wait_for(pid);
    }
    reaped += static_cast<int>(orphans.size());
  }
  return reaped;
}

}  // namespace gw::lambda
