#pragma once

/// Machine formats for lint findings: JSON, SARIF 2.1.0 (code scanning) and GitHub workflow
/// annotations. The text format (coloured on a TTY) is the command line's.

#include <string>
#include <vector>

#include "core/lint/engine.h"

namespace gw::lint {

struct Summary {
  size_t errors = 0;
  size_t warnings = 0;
  size_t infos = 0;
  size_t files = 0;
};

Summary summarise(const std::vector<FileReport>& reports);
/// "2 errors, 1 warning, 0 infos in 3 files" / "no findings in 1 file".
std::string summary_line(const Summary& s);

std::string to_json(const std::vector<FileReport>& reports);
std::string to_sarif(const std::vector<FileReport>& reports, const std::string& version);
std::string to_github(const std::vector<FileReport>& reports);

}  // namespace gw::lint
