// The compiler's entry point: source text in, a module and diagnostics out. Used by dslc,
// by dslvm (which accepts .strat files) and by the tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/module.h"
#include "syntax/diagnostics.h"

namespace dsl {

struct CompileResult {
    std::optional<Module> module;         // present when there were no errors
    std::vector<Diagnostic> diagnostics;  // errors and warnings, in source order
};

// `file_name` is used in diagnostics and recorded in the module.
CompileResult compile(std::string_view source, std::string_view file_name);

}  // namespace dsl
