# Every dependency comes from a Debian 12 package (scripts/setup installs them).
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
# Boost.Beast/Asio serve HTTP, TLS and WebSocket (libboost1.81-dev; header-only).
find_package(Boost 1.81 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(yaml REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(httplib REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(pcre2 REQUIRED IMPORTED_TARGET libpcre2-8)
if(GW_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
