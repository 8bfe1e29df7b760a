// Fuzz target: a whole spec (YAML or JSON) through the loader: the positioned tree, $refs,
// extensions and the model. Must never crash; a clear error is the expected answer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "openapi/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)gw::openapi::load_string(text, "/nonexistent/fuzz.yaml");
  return 0;
}
