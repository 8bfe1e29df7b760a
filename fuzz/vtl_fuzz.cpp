// Fuzz target: a mapping template (the input's first line is $input.body, the rest the
// template) parsed and rendered with API Gateway's inputs. Must never crash, hang or exceed the
// engine's limits; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/vtl/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view body = nl == std::string_view::npos ? "" : input.substr(0, nl);
  std::string_view src = nl == std::string_view::npos ? input : input.substr(nl + 1);
  auto t = gw::vtl::parse(src);
  if (!t) {
    return 0;
  }
  gw::vtl::check(**t);
  gw::vtl::Inputs in;
  in.body = body;
  in.path_params = {{"id", "42"}};
  in.query_params = {{"q", "a b"}, {"q", "c"}};
  in.header_params = {{"Content-Type", "application/json"}};
  in.limits.max_output = 1u << 20;
  in.limits.total_iterations = 20000;
  gw::vtl::put_path(in.context, "identity.sourceIp", gw::vtl::Value("127.0.0.1"));
  gw::vtl::Outputs out;
  (void)gw::vtl::render(**t, in, &out);
  return 0;
}
