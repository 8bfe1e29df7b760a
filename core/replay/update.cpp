#include "core/replay/update.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "core/replay/json_io.h"

namespace gw::replay {

namespace {

// The line with its "response" (and with live, "integrations") replaced; other keys keep their
// order and values.
Result<std::string> rewrite_line(std::string_view line, const ExchangeResult& r, bool live) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorKind::BadInput, "the line changed since it was read");
  }
  j["response"] = response_to_json(r.actual);
  if (live) {
    Json calls = Json::array();
    for (const IntegrationCall& c : r.calls) {
      calls.push_back(call_to_json(c));
    }
    j["integrations"] = std::move(calls);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<size_t> rewrite_file(const std::string& path,
                            const std::map<size_t, const ExchangeResult*>& by_line, bool live) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::Environment, "cannot read '" + path + "' to update it");
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  std::string out;
  out.reserve(all.size());
  size_t start = 0;
  size_t changed = 0;
  for (size_t n = 1; start < all.size(); ++n) {
    size_t end = all.find('\n', start);
    const bool newline = end != std::string::npos;
    end = newline ? end : all.size();
    std::string_view line(all.data() + start, end - start);
    start = end + 1;
    auto it = by_line.find(n);
    if (it == by_line.end()) {
      out.append(line);
    } else {
      auto rewritten = rewrite_line(line, *it->second, live);
      GW_TRY(rewritten);
      out += *rewritten;
      ++changed;
    }
    if (newline) {
      out += '\n';
    }
  }
  const std::string tmp = path + ".gw-update";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o << out;
    if (!o.flush()) {
      return fail(ErrorKind::Environment, "cannot write '" + tmp + "'");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return fail(ErrorKind::Environment,
                "cannot replace '" + path + "': " + std::string(std::strerror(errno)));
  }
  return changed;
}

}  // namespace

Result<UpdateStats> update_recordings(const std::vector<ExchangeResult>& results, bool live) {
  std::map<std::string, std::map<size_t, const ExchangeResult*>> by_file;
  std::map<std::string, bool> har;
  UpdateStats stats;
  for (const auto& r : results) {
    if (r.outcome != Outcome::Failed) {
      continue;
    }
    if (r.entry->exchange.from_har) {
      if (!har[r.entry->file]) {
        stats.skipped_har.push_back(r.entry->file);
        har[r.entry->file] = true;
      }
      continue;
    }
    by_file[r.entry->file][r.entry->line] = &r;
  }
  for (const auto& [file, lines] : by_file) {
    auto n = rewrite_file(file, lines, live);
    GW_TRY(n);
    stats.exchanges += *n;
    ++stats.files;
  }
  return stats;
}

}  // namespace gw::replay
