#pragma once

/// Polling file watcher for `gw serve`'s hot reload: compares each file's mtime and size.

#include <filesystem>
#include <string>
#include <vector>

namespace gw::cli {

class FileWatcher {
 public:
  explicit FileWatcher(std::vector<std::string> files = {});
  /// True when any file changed (or appeared, or vanished) since the last call; the new
  /// state becomes the baseline, so take it before reading the files.
  bool changed();
  /// Watches `files` from now on, with their current state as the baseline.
  void reset(std::vector<std::string> files);
  size_t size() const { return entries_.size(); }

 private:
  struct Stamp {
    bool exists = false;
    std::filesystem::file_time_type mtime{};
    std::uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    std::string path;
    Stamp stamp;
  };
  static Stamp stamp_of(const std::string& path);
  std::vector<Entry> entries_;
};

}  // namespace gw::cli
