#pragma once

/// Worker processes that die with gw and take everything they started with them.
///
/// Each worker is started by one long-lived thread of gw (the spawner), with
/// clone(CLONE_VM | CLONE_VFORK) and only system calls in the child, as posix_spawn does, so
/// that it can ask for what posix_spawn cannot:
/// - PR_SET_PDEATHSIG(SIGKILL): the worker dies when gw dies, even by `kill -9`. Linux sends
///   that signal when the *thread* that started the child ends, hence the one spawner thread
///   that lives as long as gw (a worker started from a request thread would die with it).
///   The child checks getppid() after asking, in case gw died in between.
/// - its own process group (killed as a whole), stdin from /dev/null, stdout and stderr into
///   one pipe, no other descriptor inherited, signal dispositions and mask reset.
/// - PR_SET_CHILD_SUBREAPER on the worker, and on gw: a handler's detached descendants
///   (`setsid`, double forks) stay below their worker while it lives, and reparent to gw when it
///   dies, where kill_and_reap() kills them (reap_orphans()). So nothing a worker started
///   outlives the worker being killed, a clean stop, or the worker's own exit.
/// Difference: after `kill -9` of gw the workers die, but what they detached with `setsid` is
/// reparented above gw and may live on (only a cgroup or a PID namespace could hold it).

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace gw::lambda {

struct Spawned {
  pid_t pid = -1;
  int output_fd = -1;  ///< read end of the stdout/stderr pipe
};

/// Starts argv (argv[0] looked up on gw's PATH when it has no '/') in cwd with gw's
/// environment plus env (entries replace same-named ones); Environment when it cannot start.
Result<Spawned> spawn_process(const std::vector<std::string>& argv, const std::string& cwd,
                              const std::vector<std::pair<std::string, std::string>>& env);

/// The exit status of a spawned process that ended (reaped now: 128 + signal when killed), or
/// nothing while it runs.
std::optional<int> reap_if_exited(pid_t pid);

/// Kills the process group of pid, reaps pid (unless already reaped by reap_if_exited) and
/// then whatever it left behind (reap_orphans()).
void kill_and_reap(pid_t pid, bool already_reaped);

/// Kills and reaps every child of gw that is not a live worker: the descendants of dead
/// workers, reparented to gw (a subreaper). Returns how many.
int reap_orphans();

}  // namespace gw::lambda
