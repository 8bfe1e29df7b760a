# gw_settings: flags every gw target gets; gw_warnings: warnings for gw's own code only,
# so third-party headers (included as SYSTEM) are not affected.
add_library(gw_settings INTERFACE)
add_library(gw_warnings INTERFACE)

target_compile_options(gw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wextra-semi)
if(GW_WERROR)
  target_compile_options(gw_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12's -Wrestrict misfires on std::string concatenation inlined at -O2
  # (gcc.gnu.org/bugzilla PR 105329, PR 105651); GCC 13 fixed it.
  target_compile_options(gw_warnings INTERFACE -Wno-restrict)
endif()

if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  target_compile_definitions(gw_settings INTERFACE _GLIBCXX_ASSERTIONS)
endif()

if(GW_SANITIZE)
  # -O1 -g1 (line tables, enough for the sanitizers' stack traces): with both sanitizers
  # instrumenting Beast's templates, -O2 -g compiles about 2.4 times slower, and the CI run on
  # 2 cores has to fit both builds (measured on tests/core/pipeline/cache_step_test.cpp:
  # 45.7 s against 18.8 s). Evaluated for each target that uses gw_settings, after its own
  # options, so two target properties can change them:
  #   GW_INSTRUMENT OFF    compile without the sanitizers (the runtimes are still linked);
  #   GW_SANITIZE_OPT -O0  the optimisation level instead of -O1.
  set(gw_instrumented "$<NOT:$<STREQUAL:$<TARGET_PROPERTY:GW_INSTRUMENT>,OFF>>")
  set(gw_opt "$<TARGET_PROPERTY:GW_SANITIZE_OPT>")
  target_compile_options(gw_settings INTERFACE
    "$<${gw_instrumented}:-fsanitize=address,undefined;-fno-sanitize-recover=undefined>"
    -fno-omit-frame-pointer -g1 "$<IF:$<BOOL:${gw_opt}>,${gw_opt},-O1>")
  target_link_options(gw_settings INTERFACE -fsanitize=address,undefined)
  # GCC 12 reports false maybe-uninitialized positives on std::variant when sanitizers
  # instrument the code; the Release build keeps the warning.
  target_compile_options(gw_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
