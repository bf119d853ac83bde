// The exit codes of the project's programs (dslc, dslvm, dslview): one list, so that a code
// means the same whichever program ends with it. Each entry names the programs that use it;
// docs/language.md (dslc), docs/vm.md and docs/running.md (dslvm) and docs/viewer.md (dslview)
// list them, and tests/tools/exit_codes_test.cpp checks that each lists exactly its own.
#pragma once

// X(name, code, programs)
#define DSL_EXIT_CODES(X)                                                                     \
    /* success (dslc: warnings allowed; dslvm: the run completed) */                          \
    X(kExitOk, 0, "dslc dslvm dslview")                                                       \
    /* the source has compile errors */                                                       \
    X(kExitCompileErrors, 1, "dslc dslvm")                                                    \
    /* a bad option, input value or configuration */                                          \
    X(kExitUsage, 2, "dslc dslvm dslview")                                                    \
    /* a file could not be read (common/input_file.h) or written, or market data has an error \
       (a bad row, a cut live line) */                                                        \
    X(kExitFile, 3, "dslc dslvm dslview")                                                     \
    /* invalid bytecode, or bytecode that needs a builtin the runner does not bind */         \
    X(kExitBytecode, 4, "dslc dslvm dslview")                                                 \
    /* the strategy stopped on a runtime error or a limit */                                  \
    X(kExitRuntimeError, 5, "dslvm")                                                          \
    /* no window or OpenGL 3 context could be created (no display) */                         \
    X(kExitNoWindow, 6, "dslview")

namespace dsl {

enum ExitCode : int {
#define DSL_EXIT_CODE_MEMBER(name, code, programs) name = code,
    DSL_EXIT_CODES(DSL_EXIT_CODE_MEMBER)
#undef DSL_EXIT_CODE_MEMBER
    // dslvm: a signal stopped the run between two market events, its outputs complete; the
    // code is this + the signal's number, as a shell reports a process the signal ended (130
    // SIGINT, 141 SIGPIPE: standard output's reader exited, 143 SIGTERM).
    kExitSignal = 128,
};

}  // namespace dsl
