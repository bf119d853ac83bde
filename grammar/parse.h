// The parser front end: source text -> AST. Lexical and syntax errors are reported to
// `diags` in plain words (ANTLR's messages are rewritten); declarations that parsed are
// returned even when others did not, so that the checker can report their errors too.
// Inputs that would make a recursive parser overflow its stack (deep nesting) are
// rejected up front with a diagnostic. No input, however broken, makes this crash.
#pragma once

#include <string_view>

#include "compiler/ast.h"
#include "compiler/diagnostics.h"

namespace dsl {

inline constexpr int kMaxNesting = 200;     // brackets, unary operators, ?:, else-if chains
inline constexpr int kMaxTreeDepth = 1000;  // levels of the parse tree of one declaration

ast::Program parse(std::string_view source, Diagnostics& diags);

}  // namespace dsl
