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

# Floating-point results must not depend on the build: no fused multiply-add unless the source
# asks for one (GCC would otherwise contract a * b + c on targets that have FMA, such as
# AArch64, or x86-64 with -march=native), so that every build gives the same trace.
add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>)

# Instruction scheduling and code alignment tuned for the CPU of the build machine. The
# instruction set stays the baseline one, so the programs run anywhere and compute the same;
# only their speed on other CPUs may differ. scripts/build-pgo.sh turns it on.
option(DSL_TUNE_NATIVE "Tune code for the build machine's CPU (-mtune=native)" OFF)
if(DSL_TUNE_NATIVE)
  add_compile_options(-mtune=native)
endif()

# Profile-guided optimisation (GCC), driven by scripts/build-pgo.sh: `generate` builds
# instrumented programs that write their profile into DSL_PGO_DIR as they run; `use` builds
# with that profile (code the training never ran is optimised as usual). Applied globally,
# like the sanitizers, so that every library of a program is built alike. Behaviour is the
# same either way: only the layout and inlining of the code change.
set(DSL_PGO "OFF" CACHE STRING "Profile-guided optimisation: OFF, generate or use")
set_property(CACHE DSL_PGO PROPERTY STRINGS OFF generate use)
set(DSL_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH "Where the PGO profile is kept")
if(DSL_PGO STREQUAL "generate")
  add_compile_options(-fprofile-generate -fprofile-update=single
                      "-fprofile-dir=${DSL_PGO_DIR}")
  add_link_options(-fprofile-generate)
elseif(DSL_PGO STREQUAL "use")
  # -Wrestrict: with the profile, GCC 12 inlines more std::string code and then reports its
  # known false positives in <bits/char_traits.h> (GCC bugs 105329, 105651).
  add_compile_options(-fprofile-use -fprofile-partial-training "-fprofile-dir=${DSL_PGO_DIR}"
                      -Wno-missing-profile -Wno-restrict)
elseif(NOT DSL_PGO STREQUAL "OFF")
  message(FATAL_ERROR "DSL_PGO must be OFF, generate or use (got '${DSL_PGO}')")
endif()

function(dsl_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE ${DSL_WARNINGS})
endfunction()
