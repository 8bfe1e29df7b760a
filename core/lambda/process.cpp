#include "core/lambda/process.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <thread>

#include "core/base/strings.h"

namespace gw::lambda {

namespace {

std::mutex g_stderr_mu;  // one forwarded line at a time

constexpr size_t kMaxLine = 64 * 1024;

// A handler's output line, its control characters escaped (it cannot drive the terminal).
void write_line(const std::string& prefix, std::string_view line) {
  std::string out = prefix + " " + escape_controls(line) + "\n";
  std::lock_guard lock(g_stderr_mu);
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

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

}  // namespace gw::lambda
