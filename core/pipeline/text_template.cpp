#include "core/pipeline/text_template.h"

#include <cctype>

#include "core/pipeline/exchange.h"

namespace gw::pipeline {

namespace {

bool is_ref_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

// Length of a `$context.` / `$stageVariables.` reference starting at text[i] == '$', and the
// reference name; 0 when text[i] starts no reference.
size_t match_ref(std::string_view text, size_t i, std::string& name) {
  bool braced = i + 1 < text.size() && text[i + 1] == '{';
  size_t start = i + (braced ? 2 : 1);
  std::string_view rest = text.substr(start);
  if (!rest.starts_with("context.") && !rest.starts_with("stageVariables.")) {
    return 0;
  }
  size_t end = start;
  while (end < text.size() && is_ref_char(text[end])) {
    ++end;
  }
  // A trailing '.' is punctuation, not part of the name.
  while (!braced && end > start && text[end - 1] == '.') {
    --end;
  }
  if (braced) {
    if (end >= text.size() || text[end] != '}') {
      return 0;
    }
    name.assign(text.substr(start, end - start));
    return end + 1 - i;
  }
  name.assign(text.substr(start, end - start));
  return end - i;
}

}  // namespace

TextTemplate::TextTemplate(std::string_view text) {
  std::string literal;
  for (size_t i = 0; i < text.size();) {
    std::string name;
    size_t len = text[i] == '$' ? match_ref(text, i, name) : 0;
    if (len == 0) {
      literal.push_back(text[i++]);
      continue;
    }
    if (!literal.empty()) {
      segments_.push_back({false, std::move(literal)});
      literal.clear();
    }
    segments_.push_back({true, std::move(name)});
    i += len;
  }
  if (!literal.empty()) {
    segments_.push_back({false, std::move(literal)});
  }
}

std::string TextTemplate::render(const Exchange& ex) const {
  std::string out;
  for (const Segment& s : segments_) {
    if (!s.is_ref) {
      out += s.text;
      continue;
    }
    std::string_view name = s.text;
    if (name.starts_with("stageVariables.")) {
      const std::string* v = ex.stage_variable(name.substr(15));
      if (v != nullptr) {
        out += *v;
      }
      continue;
    }
    std::optional<std::string> v = ex.context_value(name.substr(8));
    if (v) {
      out += *v;
    }
  }
  return out;
}

}  // namespace gw::pipeline
