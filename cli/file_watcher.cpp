#include "cli/file_watcher.h"

#include <algorithm>
#include <system_error>

namespace gw::cli {

FileWatcher::FileWatcher(std::vector<std::string> files) { reset(std::move(files)); }

FileWatcher::Stamp FileWatcher::stamp_of(const std::string& path) {
  std::error_code ec;
  Stamp s;
  s.mtime = std::filesystem::last_write_time(path, ec);
  if (ec) {
    return Stamp{};
  }
  s.size = std::filesystem::file_size(path, ec);
  s.exists = !ec;
  return s;
}

bool FileWatcher::changed() {
  bool any = false;
  for (auto& e : entries_) {
    Stamp now = stamp_of(e.path);
    if (!(now == e.stamp)) {
      e.stamp = now;
      any = true;
    }
  }
  return any;
}

void FileWatcher::reset(std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  entries_.clear();
  for (auto& f : files) {
    if (f.empty()) {
      continue;
    }
    Stamp s = stamp_of(f);
    entries_.push_back(Entry{std::move(f), s});
  }
}

}  // namespace gw::cli
