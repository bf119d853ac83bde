# The libFuzzer targets (DSL_FUZZ, the `fuzz` preset: clang only).
include_guard(GLOBAL)

# dsl_fuzz_target(NAME SOURCES file... LINK library... INSTRUMENT library...)
# A fuzzer built and linked with libFuzzer, ASan and UBSan. The libraries it exercises
# (INSTRUMENT) get coverage instrumentation and the sanitizers too, so that libFuzzer can steer
# into them and any undefined behaviour there is caught.
function(dsl_fuzz_target name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LINK;INSTRUMENT")
  foreach(lib IN LISTS arg_INSTRUMENT)
    target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                          -fno-sanitize-recover=undefined)
  endforeach()
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LINK})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  dsl_defaults(${name})
endfunction()
