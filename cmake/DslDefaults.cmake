# Compiler settings every target of the project shares. Call dsl_defaults(<target>) on each.
include_guard(GLOBAL)

option(DSL_WERROR "Treat compiler warnings as errors" OFF)
option(DSL_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

set(DSL_WARNINGS -Wall -Wextra -Wnon-virtual-dtor -Wimplicit-fallthrough
                 $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                 $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>)
if(DSL_WERROR)
  list(APPEND DSL_WARNINGS -Werror)
endif()

if(DSL_SANITIZE)
  # Applied globally so that every library in a test binary is instrumented alike.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

function(dsl_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE ${DSL_WARNINGS})
endfunction()
