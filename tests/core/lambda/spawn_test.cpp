#include "core/lambda/spawn.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace gw;

namespace {

// Everything the child printed until it closed its output.
std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

// One line of the child's output (up to '\n').
std::string read_line(int fd) {
  std::string out;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') {
    out.push_back(c);
  }
  return out;
}

// /proc/<pid>/status field, e.g. "State" -> "S (sleeping)"; "" when the process is gone.
std::string status_field(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field + ":")) {
      return line.substr(line.find_first_not_of(" \t", field.size() + 1));
    }
  }
  return "";
}

// Alive: exists, is neither a zombie nor dead, and has no SIGKILL pending.
bool alive(pid_t pid) {
  const std::string state = status_field(pid, "State");
  if (state.empty() || state[0] == 'Z' || state[0] == 'X') {
    return false;
  }
  const unsigned long long pending = std::stoull(status_field(pid, "ShdPnd"), nullptr, 16) |
                                     std::stoull(status_field(pid, "SigPnd"), nullptr, 16);
  return (pending & (1ULL << (SIGKILL - 1))) == 0;
}

}  // namespace

TEST_SUITE("gw::lambda::spawn") {
  TEST_CASE("a worker runs in its own process group, with the death signal and subreaper set") {
    // python3 reads both attributes back with prctl (PR_GET_PDEATHSIG = 2, PR_GET_CHILD_SUBREAPER
    // = 37).
    auto s = lambda::spawn_process(
        {"python3", "-c",
         "import ctypes, os\n"
         "libc = ctypes.CDLL(None)\n"
         "v = ctypes.c_int()\n"
         "libc.prctl(2, ctypes.byref(v)); sig = v.value\n"
         "libc.prctl(37, ctypes.byref(v)); reaper = v.value\n"
         "print(sig, reaper, os.getpgid(0) == os.getpid(), os.getcwd())"},
        "/tmp", {});
    REQUIRE(s);
    CHECK(read_all(s->output_fd) == std::to_string(SIGKILL) + " 1 True /tmp\n");
    lambda::kill_and_reap(s->pid, false);
  }

  TEST_CASE("a program that is not on PATH is an Environment error") {
    auto s = lambda::spawn_process({"gw-no-such-program"}, "/tmp", {});
    REQUIRE_FALSE(s);
    CHECK(s.error().kind == ErrorKind::Environment);
    CHECK(s.error().message == "cannot start 'gw-no-such-program' in /tmp: No such file or directory");
  }

  TEST_CASE("a code directory that does not exist is an Environment error") {
    auto s = lambda::spawn_process({"true"}, "/nonexistent-gw-dir", {});
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("chdir: No such file or directory") != std::string::npos);
  }

  TEST_CASE("a worker outlives the thread that asked for it") {
    // PR_SET_PDEATHSIG fires when the thread that started the child ends: workers must be
    // started by a thread that lives as long as gw, not by the request thread.
    lambda::Spawned s;
    pid_t tid = 0;
    std::thread([&] {
      tid = static_cast<pid_t>(syscall(SYS_gettid));
      s = *lambda::spawn_process({"sleep", "300"}, "/tmp", {});
    }).join();
    // Once the thread's task is gone from /proc, its exit (and any death signal) has happened.
    const std::string task = "/proc/self/task/" + std::to_string(tid);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::filesystem::exists(task) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE_FALSE(std::filesystem::exists(task));
    CHECK(alive(s.pid));
    lambda::kill_and_reap(s.pid, false);
    close(s.output_fd);
  }

  TEST_CASE("what a worker detached with setsid dies with it") {
    // The shell starts `setsid sleep` (a session of its own, out of the worker's process group)
    // and prints its pid; killing the worker kills it too, before kill_and_reap returns.
    auto s = lambda::spawn_process(
        {"sh", "-c", "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!; exec sleep 300"},
        "/tmp", {});
    REQUIRE(s);
    const pid_t detached = static_cast<pid_t>(std::stoi(read_line(s->output_fd)));
    CHECK(alive(detached));
    lambda::kill_and_reap(s->pid, false);
    CHECK_FALSE(alive(detached));
    close(s->output_fd);
  }

  TEST_CASE("a double fork's grandchild stays below its worker and dies with it") {
    // The intermediate shell exits at once: the grandchild reparents to the worker (a
    // subreaper), not to gw, so gw's orphan sweep leaves it alone while the worker lives.
    auto s = lambda::spawn_process(
        {"sh", "-c", "sh -c 'setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!'; exec sleep 300"},
        "/tmp", {});
    REQUIRE(s);
    const pid_t grandchild = static_cast<pid_t>(std::stoi(read_line(s->output_fd)));
    CHECK(lambda::reap_orphans() == 0);
    CHECK(alive(grandchild));
    lambda::kill_and_reap(s->pid, false);
    CHECK_FALSE(alive(grandchild));
    close(s->output_fd);
  }

  TEST_CASE("a worker that exits on its own leaves nothing behind once reaped") {
    auto s = lambda::spawn_process(
        {"sh", "-c", "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!; exit 3"}, "/tmp", {});
    REQUIRE(s);
    const pid_t detached = static_cast<pid_t>(std::stoi(read_line(s->output_fd)));
    read_all(s->output_fd);  // EOF: the worker has exited
    std::optional<int> status;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!(status = lambda::reap_if_exited(s->pid)) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(status);
    CHECK(*status == 3);
    lambda::kill_and_reap(s->pid, true);
    CHECK_FALSE(alive(detached));
  }
}

// Regression: reap_orphans read /proc/<pid>/stat through an ifstream, and a process that exited
// between the /proc scan and the read made libstdc++ throw ("basic_filebuf::underflow error
// reading the file: No such process"), a crash in a running gw. Bounded: 200 children.
TEST_CASE("reap_orphans survives children exiting while it scans /proc") {
  std::atomic<bool> done{false};
  std::thread churn([&done] {
    for (int i = 0; i < 200; ++i) {
      const pid_t pid = fork();
      if (pid == 0) {
        _exit(0);
      }
      if (pid > 0) {
        int status = 0;
        waitpid(pid, &status, 0);  // may be ECHILD when reap_orphans reaped it first
      }
    }
    done = true;
  });
  int scans = 0;
  while (!done && scans < 100000) {
    CHECK_NOTHROW(lambda::reap_orphans());
    ++scans;
  }
  churn.join();
  CHECK(scans > 0);
}
