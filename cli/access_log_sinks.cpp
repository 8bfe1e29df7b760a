#include "cli/access_log_sinks.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/base/files.h"

namespace gw::cli {
namespace {

// A relative destination is relative to the spec's directory, like codeUri.
std::string resolve(const model::Api& api, const std::string& destination) {
  std::filesystem::path p(destination);
  if (p.is_absolute() || !api.spec_path || api.spec_path->empty()) {
    return p.string();
  }
  return (std::filesystem::path(*api.spec_path).parent_path() / p).lexically_normal().string();
}

}  // namespace

AccessLogSinks::~AccessLogSinks() {
  for (const auto& [path, fd] : files_) {
    ::close(fd);
  }
}

Result<void> AccessLogSinks::configure(const model::Api& api) {
  std::map<std::string, Destination> stages;
  std::lock_guard lock(mu_);
  for (const model::StageConfig& s : api.gw.stages) {
    const std::string& d = s.access_log_destination;
    if (s.access_log_format.empty() || d.empty() || d == "stdout" || d.starts_with("arn:")) {
      continue;  // stdout: the default for a stage without an entry
    }
    if (d == "stderr") {
      stages[s.name] = Destination{Where::Stderr, -1};
      continue;
    }
    const std::string path = resolve(api, d);
    auto open = files_.find(path);
    if (open == files_.end()) {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd < 0) {
        return fail(ErrorKind::BadInput,
                    "x-gw.stages." + s.name + ".accessLogSettings.destination: cannot open '" +
                        path + "': " + std::strerror(errno),
                    s.access_log_destination_where,
                    "use stdout, stderr or a file path in a directory that exists");
      }
      open = files_.emplace(path, fd).first;
    }
    stages[s.name] = Destination{Where::File, open->second};
  }
  by_stage_ = std::move(stages);
  return {};
}

AccessLogSinks::Where AccessLogSinks::write(const std::string& stage, const std::string& line) {
  std::lock_guard lock(mu_);
  auto it = by_stage_.find(stage);
  if (it == by_stage_.end()) {
    return Where::Stdout;
  }
  if (it->second.where != Where::File) {
    return it->second.where;
  }
  // O_APPEND: one write per line; a short write only on a full disk
  files::write_all(it->second.fd, line + '\n');
  return Where::File;
}

}  // namespace gw::cli
