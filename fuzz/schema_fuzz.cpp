// Fuzz target: request validation. First line: a draft-4 schema (JSON) compiled against fixed
// models (a recursive tree, patterns, formats); the rest: a request body validated against it.
// Must never crash, recurse without bound or hang; "invalid" with a reason is an answer.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "openapi/schema_validator.h"

namespace {

const std::map<std::string, std::string>& models() {
  static const std::map<std::string, std::string> m = {
      {"Tree", R"({"type":"object","properties":{"name":{"type":"string","pattern":"^[a-z]*$"},
                  "child":{"$ref":"#/definitions/Tree"},"kids":{"type":"array",
                  "items":{"$ref":"#/definitions/Tree"},"uniqueItems":true}}})"},
      {"When", R"({"type":"string","format":"date-time"})"},
      {"Slow", R"({"type":"string","pattern":"^(a+)+$"})"},
  };
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  std::string_view schema = text.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? "" : text.substr(nl + 1);
  auto v = gw::openapi::SchemaValidator::compile(schema, models());
  if (v) {
    (void)v->check(body);
  }
  return 0;
}
