#include "core/router/domain_map.h"

#include <algorithm>
#include <cctype>

namespace gw::router {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The host of a Host header value: "[::1]:3000" -> "[::1]", "api.x:443" -> "api.x".
std::string_view host_only(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  const size_t colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

}  // namespace

std::string normalise_base_path(std::string_view base_path) {
  if (base_path == "(none)") {
    return "";
  }
  std::string out;
  size_t i = 0;
  while (i < base_path.size()) {
    while (i < base_path.size() && base_path[i] == '/') {
      ++i;
    }
    const size_t end = std::min(base_path.find('/', i), base_path.size());
    if (end > i) {
      out += "/";
      out += base_path.substr(i, end - i);
    }
    i = end;
  }
  return out;
}

DomainMap::DomainMap(const std::map<std::string, model::Domain>& domains) {
  for (const auto& [name, domain] : domains) {
    Entry e;
    e.name = lower(name);
    for (const auto& [base, mapping] : domain.mappings) {
      e.mappings.push_back({normalise_base_path(base), mapping.api, mapping.stage});
    }
    std::stable_sort(e.mappings.begin(), e.mappings.end(), [](const Mapping& a, const Mapping& b) {
      return a.base_path.size() > b.base_path.size();
    });
    domains_.push_back(std::move(e));
  }
}

const DomainMap::Entry* DomainMap::find(std::string_view host) const {
  if (domains_.empty()) {
    return nullptr;
  }
  const std::string name = lower(host_only(host));
  for (const Entry& e : domains_) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

bool DomainMap::serves(std::string_view host) const { return find(host) != nullptr; }

std::optional<DomainRoute> DomainMap::match(std::string_view host, std::string_view path) const {
  const Entry* e = find(host);
  if (e == nullptr) {
    return std::nullopt;
  }
  for (const Mapping& m : e->mappings) {
    const std::string_view base = m.base_path;
    const bool whole_segments =
        path.substr(0, base.size()) == base &&
        (path.size() == base.size() || path[base.size()] == '/' || base.empty());
    if (!whole_segments) {
      continue;
    }
    std::string rest(path.substr(base.size()));
    if (rest.empty() || rest.front() != '/') {
      rest.insert(rest.begin(), '/');
    }
    return DomainRoute{e->name, m.api, m.stage, m.base_path, std::move(rest)};
  }
  return std::nullopt;
}

}  // namespace gw::router
