#include "openapi/schema_regex.h"

#include <algorithm>

#include "core/base/pcre2_handles.h"

namespace gw::openapi {
namespace {

/// Backtracking depth bound: PCRE2 keeps its backtracking frames on the heap, this caps them.
constexpr uint32_t kDepthLimit = 250'000;

/// The first attempt's limit: enough for an ordinary pattern (a few units per character), so
/// what a match is charged stays close to what it cost.
uint64_t first_limit(size_t length) { return 16 + 2 * static_cast<uint64_t>(length); }

}  // namespace

struct SchemaRegex::Impl {
  std::string pattern;
  pcre2::Code code;
};

Result<SchemaRegex> SchemaRegex::compile(std::string_view pattern) {
  int err = 0;
  PCRE2_SIZE at = 0;
  // ECMA 262: `$` only at the very end, `[^]` is any character, `\uhhhh` is a code point.
  const uint32_t options =
      PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_ALT_BSUX;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &err, &at, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return fail(ErrorKind::BadInput, "invalid pattern '" + std::string(pattern) +
                                         "': " + reinterpret_cast<const char*>(msg) +
                                         " at offset " + std::to_string(at));
  }
  auto impl = std::make_shared<Impl>();
  impl->pattern = std::string(pattern);
  impl->code.reset(code);
  return SchemaRegex(std::move(impl));
}

const std::string& SchemaRegex::pattern() const { return impl_->pattern; }

// Each attempt runs under a match limit and is charged that limit, whatever it used: an upper
// bound that needs no clock. A match that runs out is retried with eight times the limit up to
// the cap, so an ordinary match is charged about its cost and a costly one at most ~1.15 times
// the cap.
SchemaRegex::Outcome SchemaRegex::search(std::string_view subject, RegexBudget& budget) const {
  const uint64_t cap = std::min(budget.remaining,
                                RegexBudget::kPerMatch + 4 * static_cast<uint64_t>(subject.size()));
  pcre2::Data data(pcre2_match_data_create(1, nullptr));
  pcre2::Context ctx(pcre2_match_context_create(nullptr));
  pcre2_set_depth_limit(ctx.get(), kDepthLimit);
  uint64_t limit = std::min(cap, first_limit(subject.size()));
  uint32_t flags = 0;  // the subject's UTF-8 is checked on the first attempt only
  while (limit > 0) {
    pcre2_set_match_limit(ctx.get(), static_cast<uint32_t>(std::min<uint64_t>(limit, UINT32_MAX)));
    budget.remaining -= limit;
    const int rc = pcre2_match(impl_->code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                               subject.size(), 0, flags, data.get(), ctx.get());
    flags = PCRE2_NO_UTF_CHECK;
    if (rc >= 0) {
      return Outcome::Match;
    }
    if (rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
      return Outcome::OverLimit;
    }
    if (rc != PCRE2_ERROR_MATCHLIMIT) {
      return Outcome::NoMatch;  // no match (or, never for a parsed body, bad UTF-8)
    }
    const uint64_t next = std::min({limit * 8, cap, budget.remaining});
    if (next <= limit) {
      return Outcome::OverLimit;  // the per-match cap or the request's budget is spent
    }
    limit = next;
  }
  return Outcome::OverLimit;
}

}  // namespace gw::openapi
