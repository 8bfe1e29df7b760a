#include "core/base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace gw::files {
namespace {

namespace fs = std::filesystem;

std::string why() { return std::strerror(errno); }

Result<bool> write_whole(int fd, std::string_view data, const std::string& path) {
  if (!write_all(fd, data)) {
    return fail(ErrorKind::Environment, "cannot write " + path + ": " + why());
  }
  return true;
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// Opens (creating) the lock file; its content is never read.
Result<int> open_lock_file(const std::string& path) {
  const fs::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) {
    fs::create_directories(p.parent_path(), ec);
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(ErrorKind::Environment, "cannot open " + path + ": " + why());
  }
  return fd;
}

struct flock whole_file(short type) {
  struct flock l {};
  l.l_type = type;
  l.l_whence = SEEK_SET;
  l.l_start = 0;
  l.l_len = 0;
  return l;
}

}  // namespace

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      if (n == 0) {
        errno = EIO;
      }
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Result<std::string> read(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorKind::Environment, "cannot read " + path + ": " + why());
  }
  std::string out;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const std::string reason = why();
      ::close(fd);
      return fail(ErrorKind::Environment, "cannot read " + path + ": " + reason);
    }
    if (n == 0) {
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Result<bool> write_atomically(const std::string& path, std::string_view text, mode_t mode) {
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
  }
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorKind::Environment, "cannot write " + path + ": " + why());
  }
  Result<bool> written = write_whole(fd, text, path);
  bool ok = written && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  const std::string reason = ok ? "" : why();
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string detail = !written ? written.error().message
                                        : "cannot write " + path + ": " +
                                              (reason.empty() ? why() : reason);
    ::unlink(tmp.c_str());
    return fail(ErrorKind::Environment, detail);
  }
  sync_directory(target.parent_path());
  return true;
}

Result<FileLock> FileLock::try_acquire(const std::string& path, pid_t* holder_pid) {
  auto fd = open_lock_file(path);
  GW_TRY(fd);
  struct flock l = whole_file(F_WRLCK);
  if (::fcntl(*fd, F_SETLK, &l) == 0) {
    return FileLock(*fd);
  }
  const int err = errno;
  struct flock probe = whole_file(F_WRLCK);
  pid_t pid = 0;
  if (::fcntl(*fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK) {
    pid = probe.l_pid;
  }
  ::close(*fd);
  if (holder_pid != nullptr) {
    *holder_pid = pid;
  }
  if (err != EACCES && err != EAGAIN) {
    return fail(ErrorKind::Environment, "cannot lock " + path + ": " + std::strerror(err));
  }
  return fail(ErrorKind::Environment,
              path + " is locked by " + (pid > 0 ? "process " + std::to_string(pid) : "another process"));
}

Result<FileLock> FileLock::acquire(const std::string& path) {
  auto fd = open_lock_file(path);
  GW_TRY(fd);
  struct flock l = whole_file(F_WRLCK);
  while (::fcntl(*fd, F_SETLKW, &l) != 0) {
    if (errno != EINTR) {
      const std::string reason = why();
      ::close(*fd);
      return fail(ErrorKind::Environment, "cannot lock " + path + ": " + reason);
    }
  }
  return FileLock(*fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing the descriptor releases the fcntl lock
  }
}

}  // namespace gw::files
