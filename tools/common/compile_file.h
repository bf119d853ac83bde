// Compiling a strategy source file as dslc does, for dslc and for dslvm given a .strat: the
// file is read with its size limit (common/input_file.h), every diagnostic is printed on
// standard error with its source line and caret, then a count of them when the source is
// refused.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "bytecode/module.h"
#include "common/exit_codes.h"

namespace dsl::tools {

struct CompileFileOptions {
    std::string_view tool;  // "dslc": names the program in the message of an unreadable file
    bool color = false;     // colored diagnostics
    bool werror = false;    // warnings refuse the source too
};

// The module, or the exit code: kExitFile (the file could not be read) or kExitCompileErrors.
std::variant<Module, ExitCode> compile_file(const std::string& path,
                                            const CompileFileOptions& options);

}  // namespace dsl::tools
