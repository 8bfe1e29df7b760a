#pragma once

/// Files gw keeps: read whole, replaced in one step, and locked between processes.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw::files {

/// Writes all of data to fd, retrying short writes and EINTR; false (errno set) when the fd
/// takes no more (a full disk, a closed pipe).
bool write_all(int fd, std::string_view data);

/// The whole file; an Environment error naming the path when it cannot be read.
Result<std::string> read(const std::string& path);

/// Replaces path's content in one step: writes a temporary file of a unique name beside it (two
/// writers never share one), syncs it, renames it over path and syncs the directory. Missing
/// parent directories are created. A reader sees the old content or the new, never a part.
Result<bool> write_atomically(const std::string& path, std::string_view text, mode_t mode = 0644);

/// An exclusive advisory lock (fcntl) on a file, held while the object lives. The kernel drops it
/// when the process ends, however it ends, so a crash never leaves a stale lock behind.
class FileLock {
 public:
  /// Takes the lock at once or fails; the error names the process holding it
  /// (`holder_pid` is set to it when asked for).
  static Result<FileLock> try_acquire(const std::string& path, pid_t* holder_pid = nullptr);
  /// Waits until the lock is free (for short read-modify-write sections).
  static Result<FileLock> acquire(const std::string& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace gw::files
