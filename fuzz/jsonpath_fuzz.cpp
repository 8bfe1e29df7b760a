// Fuzz target: a JSONPath (first line) evaluated over a JSON document (the rest), as
// $input.json / $input.path do. Must never crash; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/jsonpath/jsonpath.h"
#include "core/vtl/value.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view path = nl == std::string_view::npos ? input : input.substr(0, nl);
  std::string_view doc_text = nl == std::string_view::npos ? "{}" : input.substr(nl + 1);
  auto compiled = gw::jsonpath::compile(path);
  auto doc = gw::vtl::parse_json(doc_text);
  if (!compiled || !doc) {
    return 0;
  }
  (void)compiled->select(*doc);
  return 0;
}
