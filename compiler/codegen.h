// Code generation: a checked AST and its Analysis -> a Module. Runs only on programs
// without errors; it can still report the limits of the bytecode format (registers,
// constants, jump distances).
#pragma once

#include <string_view>

#include "bytecode/module.h"
#include "compiler/checker.h"
#include "syntax/ast.h"
#include "syntax/diagnostics.h"

namespace dsl {

Module generate(const ast::Program& program, const Analysis& analysis, std::string_view file_name,
                std::string_view source, Diagnostics& diags);

}  // namespace dsl
