#pragma once

/// Owning handles for PCRE2's objects, shared by gw's PCRE2 users (VTL's Java regexes,
/// request validation's patterns). Include only from code that links PCRE2.

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <memory>

namespace gw::pcre2 {

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct DataDeleter {
  void operator()(pcre2_match_data* d) const { pcre2_match_data_free(d); }
};
struct ContextDeleter {
  void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;
using Data = std::unique_ptr<pcre2_match_data, DataDeleter>;
using Context = std::unique_ptr<pcre2_match_context, ContextDeleter>;

}  // namespace gw::pcre2
