#include "core/observe/trace.h"

#include <cstdint>

namespace gw::observe {

namespace {

constexpr std::string_view kHex = "0123456789abcdef";

bool is_hex(std::string_view s) {
  for (char c : s) {
    const bool digit = c >= '0' && c <= '9';
    const bool lower = c >= 'a' && c <= 'f';
    const bool upper = c >= 'A' && c <= 'F';
    if (!digit && !lower && !upper) {
      return false;
    }
  }
  return true;
}

// "1-<8 hex>-<24 hex>", X-Ray's trace id (version 1).
bool valid_root(std::string_view r) {
  return r.size() == 35 && r.starts_with("1-") && r[10] == '-' && is_hex(r.substr(2, 8)) &&
         is_hex(r.substr(11));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

void append_hex(std::string& out, uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) {
    out.push_back(kHex[(v >> (4 * i)) & 15]);
  }
}

// One key=value field into h; false when the field is not key=value.
bool take_field(std::string_view field, TraceHeader& h) {
  const size_t eq = field.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return false;
  }
  const std::string_view key = trim(field.substr(0, eq));
  const std::string_view value = trim(field.substr(eq + 1));
  if (key == "Root") {
    h.root = valid_root(value) ? std::string(value) : std::string();
  } else if (key == "Parent") {
    if (value.size() == 16 && is_hex(value)) {
      h.parent = std::string(value);
    }
  } else if (key == "Sampled") {
    if (value == "1" || value == "0") {
      h.sampled = value == "1";
    }
  } else {
    h.extra.emplace_back(std::string(key), std::string(value));
  }
  return true;
}

}  // namespace

std::string TraceHeader::render() const {
  std::string out = "Root=" + root;
  if (!parent.empty()) {
    out += ";Parent=" + parent;
  }
  if (sampled) {
    out += *sampled ? ";Sampled=1" : ";Sampled=0";
  }
  for (const auto& [key, value] : extra) {
    out += ";" + key + "=" + value;
  }
  return out;
}

std::optional<TraceHeader> parse_trace_header(std::string_view value) {
  if (value.size() > kMaxTraceHeader) {
    return std::nullopt;
  }
  TraceHeader h;
  while (!value.empty()) {
    const size_t semi = value.find(';');
    const std::string_view field = trim(value.substr(0, semi));
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    if (field.empty()) {
      continue;
    }
    if (!take_field(field, h)) {
      return std::nullopt;
    }
  }
  if (h.root.empty()) {
    return std::nullopt;
  }
  return h;
}

std::string new_trace_root(Random& random, std::chrono::system_clock::time_point now) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  std::string out = "1-";
  append_hex(out, static_cast<uint64_t>(secs.count()) & 0xffffffffULL, 8);
  out.push_back('-');
  append_hex(out, random.next() & 0xffffffffULL, 8);
  append_hex(out, random.next(), 16);
  return out;
}

std::string new_segment_id(Random& random) {
  std::string out;
  append_hex(out, random.next(), 16);
  return out;
}

void TraceContext::set_tracing_enabled(bool on) {
  tracing_enabled = on;
  header.parent = on || client_parent.empty() ? segment_id : client_parent;
  header.sampled = client_sampled.value_or(on);
}

TraceContext make_trace_context(std::optional<std::string_view> client, std::string root,
                                std::string segment_id) {
  TraceContext t;
  if (auto parsed = client ? parse_trace_header(*client) : std::nullopt) {
    t.header = std::move(*parsed);
    t.client_parent = t.header.parent;
    t.client_sampled = t.header.sampled;
  } else {
    t.header.root = std::move(root);
  }
  t.segment_id = std::move(segment_id);
  t.set_tracing_enabled(false);
  return t;
}

}  // namespace gw::observe
