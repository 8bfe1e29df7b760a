#include "core/base/base64.h"

#include <doctest/doctest.h>

TEST_SUITE("gw::base64") {
  TEST_CASE("round trips and RFC 4648 vectors") {
    using gw::base64_decode;
    using gw::base64_encode;
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_decode("Zm9vYmFy") == "foobar");
    CHECK(base64_decode("Zm8=") == "fo");
    CHECK(base64_decode("dGVzdC1kYXRh") == "test-data");
    std::string bytes("\x00\xff\x89PNG", 6);
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
  }
  TEST_CASE("invalid text") {
    CHECK_FALSE(gw::base64_decode("not base64!").has_value());
    CHECK_FALSE(gw::base64_decode("Zm9v=Zm9v").has_value());
  }
}
