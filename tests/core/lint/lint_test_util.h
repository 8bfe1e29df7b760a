#pragma once

// Helpers for the lint tests: fixture paths, expected lines from `# expect: rule-id` comments,
// a temporary state directory.

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "core/lint/engine.h"

namespace gw::lint::test {

inline std::string fixture(const std::string& rel) {
  return std::string(GW_SOURCE_DIR) + "/fixtures/lint/" + rel;
}

/// (line, rule) pairs: each `# expect: rule-id` comment expects a finding on the next line.
inline std::set<std::pair<uint32_t, std::string>> expectations(const std::string& path) {
  std::set<std::pair<uint32_t, std::string>> out;
  std::ifstream in(path);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    const size_t at = line.find("# expect: ");
    if (at != std::string::npos) {
      std::string rule = line.substr(at + 10);
      while (!rule.empty() && (rule.back() == ' ' || rule.back() == '\r')) {
        rule.pop_back();
      }
      out.emplace(n + 1, rule);
    }
  }
  return out;
}

inline std::set<std::pair<uint32_t, std::string>> found(const FileReport& r) {
  std::set<std::pair<uint32_t, std::string>> out;
  for (const auto& f : r.findings) {
    out.emplace(f.where.line, f.rule);
  }
  return out;
}

/// A fresh directory under the system temp dir, removed on destruction.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("gw-lint-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace gw::lint::test
