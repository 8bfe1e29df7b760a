#include "core/integrations/whole_match.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace gw::integrations {

struct WholeMatch::Code {
  explicit Code(pcre2_code* c) : code(c) {}
  ~Code() { pcre2_code_free(code); }
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;
  pcre2_code* code;
};

Result<WholeMatch> WholeMatch::compile(std::string_view pattern, bool dotall) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  uint32_t options = PCRE2_ANCHORED | PCRE2_ENDANCHORED | (dotall ? PCRE2_DOTALL : 0);
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &err, &offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return fail(ErrorKind::BadInput, reinterpret_cast<const char*>(msg));
  }
  return WholeMatch(std::make_shared<const Code>(code));
}

bool WholeMatch::matches(std::string_view s) const {
  struct MatchData {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    ~MatchData() { pcre2_match_data_free(data); }
  };
  thread_local MatchData md;
  return pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md.data,
                     nullptr) >= 0;
}

}  // namespace gw::integrations
